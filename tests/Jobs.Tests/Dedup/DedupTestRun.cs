using YuLanData.Jobs.Dedup;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary>Runs dedup and reads its results back by document id.</summary>
public static class DedupTestRun
{
    public static (DedupSummary Summary, DedupRunner Runner) Run(DedupSettings settings, IReadOnlyList<string> inputs, string output, int workers = 2)
    {
        var runner = new DedupRunner(settings, inputs, output, workers);
        return (runner.Run(), runner);
    }

    /// <summary>The ids of the documents of each input file in plan order (task, position) for mapping clusters back.</summary>
    public static List<string[]> TaskIds(DedupRunner runner) =>
        runner.Plan.Select(slice =>
            IO.DocumentReader.Read(slice, new IO.ReaderOptions()).Where(r => r.Document != null).Select(r => r.Document!.Id).ToArray()).ToList();

    /// <summary>Clusters as sets of document ids (reference members as "ref:task:pos").</summary>
    public static List<HashSet<string>> Clusters(DedupRunner runner)
    {
        var ids = TaskIds(runner);
        return File.ReadLines(runner.Folder.Clusters).Select(line =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!;
            return node["members"]!.AsArray().Select(m =>
            {
                string s = m!.GetValue<string>();
                if (s.StartsWith("ref:", StringComparison.Ordinal))
                    return s;
                var parts = s.Split(':');
                return ids[int.Parse(parts[0])][int.Parse(parts[1])];
            }).ToHashSet();
        }).ToList();
    }

    /// <summary>The ids the filter stage drops.</summary>
    public static HashSet<string> Dropped(DedupRunner runner, DedupMode mode)
    {
        if (mode == DedupMode.Exact)
            return DroppedByExactFilter(runner).Select(d => d.Id).ToHashSet();
        var list = DropList.Load(runner.Folder.Root, mode);
        return TaskIds(runner).SelectMany(x => x).Where(list.Contains).ToHashSet();
    }

    /// <summary>The documents <c>exact_dedup_filter</c> drops, run as the pipeline runs it (one instance per task),
    /// as (id, "task:position").</summary>
    public static List<(string Id, string Position)> DroppedByExactFilter(DedupRunner runner)
    {
        var result = new List<(string, string)>();
        for (int task = 0; task < runner.Plan.Count; task++)
        {
            var filter = new ExactDedupFilter(new DedupFilterOptions { Folder = runner.Folder.Root });
            filter.BeginTask(task, runner.Plan[task]);
            int position = 0;
            foreach (var r in IO.DocumentReader.Read(runner.Plan[task], new IO.ReaderOptions()))
            {
                if (r.Document is not { } doc)
                    continue;
                if (!filter.Process(doc).Keep)
                    result.Add((doc.Id, $"{task}:{position}"));
                position++;
            }
        }
        return result;
    }

    public static SortedDictionary<string, byte[]> ResultBytes(string root)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var sub in new[] { "signatures", "pairs", "result" })
            foreach (var f in Directory.EnumerateFiles(Path.Combine(root, sub), "*", SearchOption.AllDirectories))
                if (!f.EndsWith(".json", StringComparison.Ordinal) || !f.Contains("done"))
                    result[Path.GetRelativePath(root, f)] = File.ReadAllBytes(f);
        // timings differ between runs
        result.Remove(Path.Combine("result", "summary.json"));
        return result;
    }

    /// <summary>Two dedup folders hold byte-identical stage files and results.</summary>
    public static void AssertSameResults(string expectedRoot, string actualRoot, string when)
    {
        var expected = ResultBytes(expectedRoot);
        var actual = ResultBytes(actualRoot);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var k in expected.Keys)
            Assert.True(expected[k].AsSpan().SequenceEqual(actual[k]), $"{k} differs {when}");
    }
}
