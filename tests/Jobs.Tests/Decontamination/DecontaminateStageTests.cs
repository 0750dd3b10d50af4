using System.Text.Json.Nodes;
using YuLanData.Cli.Commands;
using YuLanData.Jobs.Decontamination;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>The decontaminate stage in real pipeline runs over real web documents with planted benchmark items.</summary>
public sealed class DecontaminateStageTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _index;
    private readonly List<Document> _clean;
    private readonly List<(Document Doc, RenderedItem Item)> _planted;

    public DecontaminateStageTests()
    {
        _index = _dir["all.idx"];
        DecontamTestData.AllIndex.WriteFile(_index);
        var articles = RealDocuments.Load("bbc_news_2225.jsonl.gz", 600).Where(d => d.Text.Length > 1500).ToList();
        var hosts = articles.Take(100).ToList();
        var items = DecontamTestData.Items();
        // Every 300th item: GSM8K, HumanEval, MMLU and ARC all represented.
        _planted = items.Where((_, i) => i % 300 == 7).Select((item, k) =>
        {
            var host = hosts[k % hosts.Count];
            return (new Document($"planted-{k}", DecontamTestData.Plant(host.Text, item.Text), "planted.jsonl"), item);
        }).Where(p => DecontamTestData.Matchable(DecontamTestData.AllIndex, p.item)).ToList();
        _clean = articles.Skip(100).Take(150).ToList();
        Assert.Equal(150, _clean.Count);
        var docs = _clean.Concat(_planted.Select(p => p.Doc)).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        RealDocuments.WriteJsonl(_dir["in.jsonl"], docs);
    }

    public void Dispose() => _dir.Dispose();

    private (Execution.TaskStats Stats, Execution.RunFolder Folder) Run(string mode, string extra = "") =>
        PipelineRunner.Run(PipelineRunner.Yaml([_dir["in.jsonl"]], _dir["out-" + mode],
            $"- decontaminate: {{index_path: \"{_index}\", mode: {mode}{extra}}}", extraOutput: "exclusions: true"), _dir[mode + ".yaml"]);

    private static List<Document> ReadAll(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(f => DocumentReader.ReadFile(f)).Select(r => r.Document!).ToList()
        : [];

    [Fact]
    public void Drop_mode_drops_exactly_the_planted_documents_and_the_report_counts_them()
    {
        Assert.True(_planted.Count >= 50);
        var (stats, folder) = Run("drop");
        var kept = ReadAll(folder.OutputDir);
        var excluded = ReadAll(folder.ExcludedDir);
        Assert.Equal(_clean.Select(d => d.Id).Order(), kept.Select(d => d.Id).Order());
        Assert.Equal(_planted.Select(p => p.Doc.Id).Order(), excluded.Select(d => d.Id).Order());
        foreach (var doc in excluded)
        {
            var item = _planted.Single(p => p.Doc.Id == doc.Id).Item;
            var record = (JsonObject)doc.Metadata[DecontaminateStage.MetadataKey]!;
            Assert.Equal("dropped", (string)record["action"]!);
            var hits = record["hits"]!.AsArray();
            Assert.Contains(hits, h => (string)h!["benchmark"]! == item.Benchmark && (string)h["item"]! == item.Id);
            Assert.All(hits, h => Assert.False(string.IsNullOrEmpty((string)h!["ngram"]!)));
        }

        var report = ContaminationReport.FromRun(folder.Root, DecontamTestData.AllIndex);
        string path = report.Write();
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(_clean.Count + _planted.Count, (long)json["documents_scanned"]!);
        Assert.Equal(_planted.Count, (long)json["documents_with_hits"]!);
        foreach (var group in _planted.GroupBy(p => p.Item.Benchmark))
        {
            var b = json["benchmarks"]!.AsArray().Single(x => (string)x!["benchmark"]! == group.Key)!;
            Assert.Equal(group.Count(), (int)b["documents_affected"]!);
            // Items sharing n-grams with a planted one (same MMLU question with other choices) count too.
            Assert.True((int)b["items_found"]! >= group.Select(p => p.Item.Id).Distinct().Count());
            Assert.Equal(DecontamTestData.AllIndex.Items.Count(i => DecontamTestData.AllIndex.Benchmarks[i.Benchmark] == group.Key), (int)b["items_total"]!);
            Assert.Equal(group.Count(), (int)b["actions"]!["dropped"]!);
            Assert.Equal("planted.jsonl", (string)b["top_sources"]![0]!["source"]!);
        }
        var hitLines = File.ReadAllLines(Path.Combine(folder.Root, ContaminationReport.HitsFileName));
        Assert.True(hitLines.Length >= _planted.Count);
        var table = new StringWriter();
        report.WriteTable(table);
        Assert.Contains("gsm8k", table.ToString());
        // The stats account for every document.
        Assert.Equal(_clean.Count, stats.Kept);
    }

    [Fact]
    public void Cut_mode_removes_the_item_with_a_window_and_keeps_the_rest()
    {
        var (_, folder) = Run("cut", ", window: 200, min_fragment: 200, max_cuts: 10");
        var kept = ReadAll(folder.OutputDir).ToDictionary(d => d.Id);
        var excluded = ReadAll(folder.ExcludedDir);
        var matcher = new Filters.Decontamination.ContaminationMatcher(DecontamTestData.AllIndex);
        int rewritten = 0;
        foreach (var (doc, item) in _planted)
        {
            if (!kept.TryGetValue(doc.Id, out var outDoc))
            {
                var dropped = excluded.Single(d => d.Id == doc.Id);
                Assert.Equal("dropped", (string)dropped.Metadata[DecontaminateStage.MetadataKey]!["action"]!);
                continue;
            }
            rewritten++;
            Assert.Equal("cut", (string)outDoc.Metadata[DecontaminateStage.MetadataKey]!["action"]!);
            Assert.Empty(matcher.Find(outDoc.Text));
            Assert.True(outDoc.Text.Length < doc.Text.Length - item.Text.Length);
            // What is left is text of the host article (its paragraphs, joined by blank lines).
            Assert.True(outDoc.Text.Length >= 200);
            foreach (var paragraph in outDoc.Text.Split("\n\n"))
                Assert.Contains(paragraph, doc.Text);
        }
        Assert.True(rewritten > _planted.Count / 2, $"{rewritten} of {_planted.Count} planted documents kept in part");
        foreach (var clean in _clean)
            Assert.Equal(clean.Text, kept[clean.Id].Text);
    }

    [Fact]
    public void Cut_mode_drops_documents_needing_more_than_max_cuts()
    {
        var items = DecontamTestData.Items().Where(i => i.Benchmark == "gsm8k").Take(4).ToList();
        string filler = string.Join(" ", Enumerable.Repeat("The rain in the valley kept the farmers busy all week long.", 12));
        string doc = filler + string.Concat(items.Select(i => "\n\n" + i.Text + "\n\n" + filler));
        RealDocuments.WriteJsonl(_dir["many.jsonl"], [new Document("many", doc, "x")]);
        var yaml = PipelineRunner.Yaml([_dir["many.jsonl"]], _dir["out-many"],
            $"- decontaminate: {{index_path: \"{_index}\", mode: cut, max_cuts: 3}}", extraOutput: "exclusions: true");
        var (stats, folder) = PipelineRunner.Run(yaml, _dir["many.yaml"]);
        Assert.Equal(0, stats.Kept);
        var dropped = Assert.Single(ReadAll(folder.ExcludedDir));
        Assert.Equal(4, (int)dropped.Metadata[DecontaminateStage.MetadataKey]!["cuts"]!);
    }

    [Fact]
    public void Annotate_mode_keeps_everything_and_marks_the_planted_documents()
    {
        var (stats, folder) = Run("annotate");
        var kept = ReadAll(folder.OutputDir);
        Assert.Equal(_clean.Count + _planted.Count, kept.Count);
        var marked = kept.Where(d => d.Metadata.ContainsKey(DecontaminateStage.MetadataKey)).Select(d => d.Id).Order().ToList();
        Assert.Equal(_planted.Select(p => p.Doc.Id).Order(), marked);
        Assert.Equal(kept.Count, stats.Kept);
    }

    [Fact]
    public void Bad_index_stops_the_run_before_it_starts_with_a_clear_message()
    {
        var bytes = File.ReadAllBytes(_index);
        File.WriteAllBytes(_dir["cut.idx"], bytes[..(bytes.Length / 2)]);
        var yaml = PipelineRunner.Yaml([_dir["in.jsonl"]], _dir["out-bad"], $"- decontaminate: {{index_path: \"{_dir["cut.idx"]}\"}}");
        var e = Assert.ThrowsAny<Exception>(() => PipelineRunner.Run(yaml, _dir["bad.yaml"]));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("cut.idx", e.Message);
        File.WriteAllText(_dir["bad2.yaml"], PipelineRunner.Yaml([_dir["in.jsonl"]], _dir["out-bad2"], "- decontaminate: {mode: drop}"));
        Assert.Equal(ExitCodes.BadConfig, CommandLineApp.Run(["run", _dir["bad2.yaml"]]));
    }
}
