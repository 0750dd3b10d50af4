using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests;

/// <summary>Same input and config give the same bytes with 1 or 8 workers, including files split into several tasks.</summary>
public class DeterminismTests
{
    private const string Stages = """
        - length_filter: {min_words: 30}
        - sampler: {rate: 0.8, seed: 7}
        - limit: {max_documents: 150}
        """;

    private static string[] Inputs(TempDir dir)
    {
        var bbc = RealDocuments.Load("bbc_news_2225.jsonl.gz");
        RealDocuments.WriteJsonl(dir["in/bbc.jsonl"], bbc);                                       // plain JSONL, split by bytes
        RealDocuments.WriteJsonl(dir["in/dclm.jsonl.gz"], RealDocuments.Load("dclm_quality_annotated_cc.jsonl.gz"));
        using (var w = new ParquetDocumentWriter(dir["in/web.parquet"], rowGroupDocs: 200))       // Parquet, split by row groups
            foreach (var d in RealDocuments.Load("nltk_abc_rural_news.jsonl.gz"))
                w.Write(d);
        return [dir["in/*.jsonl"], dir["in/*.jsonl.gz"], dir["in/*.parquet"]];
    }

    [Theory]
    [InlineData("jsonl.zst")]
    [InlineData("parquet")]
    public void OneAndEightWorkersWriteIdenticalBytes(string format)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        var inputs = Inputs(dir);
        string extra = "split_bytes: 400000";
        var (one, _) = PipelineRunner.Run(PipelineRunner.Yaml(inputs, dir["w1"], Stages, format, "exclusions: true\nmax_docs_per_shard: 100", extra), dir["p1.yaml"], workers: 1);
        var (eight, _) = PipelineRunner.Run(PipelineRunner.Yaml(inputs, dir["w8"], Stages, format, "exclusions: true\nmax_docs_per_shard: 100", extra), dir["p8.yaml"], workers: 8);

        Assert.True(one.Tasks > 5, $"expected the inputs to be split into several tasks, got {one.Tasks}");
        Assert.Equal(one.Kept, eight.Kept);
        Assert.True(one.Balanced && eight.Balanced);
        var a = PipelineRunner.OutputBytes(dir["w1"]);
        var b = PipelineRunner.OutputBytes(dir["w8"]);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys)
            Assert.True(a[key].AsSpan().SequenceEqual(b[key]), $"{key} differs between 1 and 8 workers");
        Assert.Contains(a.Keys, k => k.StartsWith("excluded"));
    }

    [Fact]
    public void SplittingAJsonlFileKeepsEveryLineOnceWithItsTrueLineNumber()
    {
        using var dir = new TempDir();
        var docs = RealDocuments.Load("bbc_news_2225.jsonl.gz");
        string path = dir["bbc.jsonl"];
        RealDocuments.WriteJsonl(path, docs);
        var plan = TaskPlanner.Plan([path], 300_000);
        Assert.True(plan.Count > 10);
        var seen = new List<(long Line, string Id)>();
        foreach (var slice in plan)
        {
            long line = slice.FirstLine;
            foreach (var r in DocumentReader.Read(slice, new ReaderOptions()))
                seen.Add((line++, r.Document!.Id));
        }
        Assert.Equal(docs.Select(d => d.Id), seen.Select(s => s.Id));
        Assert.Equal(Enumerable.Range(1, docs.Count).Select(i => (long)i), seen.Select(s => s.Line));
    }

    [Fact]
    public void ABadLineInALaterSplitReportsItsLineInTheWholeFile()
    {
        using var dir = new TempDir();
        string path = dir["big.jsonl"];
        var lines = Enumerable.Range(0, 5000).Select(i => $"{{\"id\":\"{i}\",\"text\":\"document number {i} with some words\"}}").ToArray();
        lines[4321] = "{not json";
        File.WriteAllLines(path, lines);
        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([path], dir["out"], extraInput: "split_bytes: 20000"), dir["p.yaml"]);
        Assert.True(stats.Tasks > 5);
        string q = Directory.GetFiles(folder.QuarantineDir).Select(File.ReadAllText).Single();
        Assert.Contains("\"line\":4322", q);
        Assert.Equal(4999, stats.Kept);
    }
}
