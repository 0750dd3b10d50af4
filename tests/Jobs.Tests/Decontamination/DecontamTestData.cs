using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Filters.Decontamination;
using YuLanData.Jobs.Decontamination;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>A real benchmark item rendered the way it shows up in web text, with the id the index knows it by.</summary>
public sealed record RenderedItem(string Benchmark, string Id, string Text);

/// <summary>The shipped benchmark configs (pointed at the shared data) and the real items they index.</summary>
public static class DecontamTestData
{
    private static readonly Lazy<NgramIndex> AllIndexLazy = new(() => IndexBuild.Build([(Config("all.yaml"), "all.yaml")]));

    /// <summary>The index of pipelines/decontam/all.yaml over the real benchmark files (built once per test run).</summary>
    public static NgramIndex AllIndex => AllIndexLazy.Value;

    /// <summary>A shipped config with its <c>../shared</c> paths pointed at the shared data folder and its
    /// <c>data/</c> paths at the repository's bundled benchmark files.</summary>
    public static DecontamConfig Config(string name)
    {
        var config = DecontamConfig.Load(Path.Combine(RepoPaths.Root, "pipelines", "decontam", name));
        return config with
        {
            Benchmarks = config.Benchmarks.Select(b => b with
            {
                Files = b.Files.Select(f => f.StartsWith("../shared/", StringComparison.Ordinal)
                    ? Path.Combine(RepoPaths.Shared, f["../shared/".Length..])
                    : f.StartsWith("data/", StringComparison.Ordinal) ? Path.Combine(RepoPaths.Root, f) : f).ToList(),
            }).ToList(),
        };
    }

    /// <summary>The records of a benchmark file: <c>../shared/data/benchmarks</c> first, else the repository's
    /// <c>data/benchmarks</c>.</summary>
    public static IEnumerable<JsonObject> Records(string file)
    {
        string path = RepoPaths.SharedData("benchmarks", file);
        if (!File.Exists(path))
            path = Path.Combine(RepoPaths.Root, "data", "benchmarks", file);
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
            stream = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0)
                yield return (JsonObject)JsonNode.Parse(line)!;
    }

    /// <summary>Every item of the four shared benchmarks as a prompt would show it (labels, "Question:" etc.).</summary>
    public static List<RenderedItem> Items()
    {
        var items = new List<RenderedItem>();
        int n = 0;
        foreach (var r in Records("gsm8k_test.jsonl"))
            items.Add(new("gsm8k", (++n).ToString(), $"Question: {r["question"]}\nAnswer: {r["answer"]}"));
        foreach (var r in Records("humaneval.jsonl"))
            items.Add(new("humaneval", (string)r["task_id"]!, $"{r["prompt"]}{r["canonical_solution"]}\n{r["test"]}"));
        n = 0;
        foreach (var r in Records("mmlu_test.jsonl.gz"))
        {
            var choices = r["choices"]!.AsArray().Select((c, i) => $"{(char)('A' + i)}. {c}");
            items.Add(new("mmlu", (++n).ToString(), $"{r["question"]}\n{string.Join("\n", choices)}\nAnswer: {r["answer"]}"));
        }
        foreach (var r in Records("arc_challenge_test.jsonl"))
        {
            var q = r["question"]!;
            var choices = q["choices"]!.AsArray().Select(c => $"({c!["label"]}) {c["text"]}");
            items.Add(new("arc_challenge", (string)r["id"]!, $"{q["stem"]}\n{string.Join(" ", choices)}"));
        }
        return items;
    }

    /// <summary>Inserts <paramref name="item"/> into <paramref name="host"/> at the sentence boundary nearest its middle.</summary>
    public static string Plant(string host, string item)
    {
        int middle = host.Length / 2;
        int cut = host.IndexOf(". ", middle, StringComparison.Ordinal);
        cut = cut < 0 ? host.Length : cut + 2;
        return host[..cut] + "\n\n" + item + "\n\n" + host[cut..];
    }

    /// <summary>Whether <paramref name="matches"/> include the item <paramref name="item"/>.</summary>
    public static bool Caught(NgramIndex index, IReadOnlyList<ContaminationMatch> matches, RenderedItem item) =>
        matches.Any(m => index.Items[m.Item].Id == item.Id && index.Benchmarks[index.Items[m.Item].Benchmark] == item.Benchmark);

    /// <summary>True when the index can match the item at all (not too short, not all numbers).</summary>
    public static bool Matchable(NgramIndex index, RenderedItem item) =>
        MatchableSets.GetValue(index, i => i.Items.Where(x => x.Ngrams > 0).Select(x => i.Benchmarks[x.Benchmark] + "\n" + x.Id).ToHashSet())
            .Contains(item.Benchmark + "\n" + item.Id);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NgramIndex, HashSet<string>> MatchableSets = new();
}
