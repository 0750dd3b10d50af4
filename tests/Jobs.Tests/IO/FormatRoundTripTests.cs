using System.Text.Json.Nodes;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests;

public class FormatRoundTripTests
{
    private static List<Document> Sample()
    {
        var docs = RealDocuments.Load("article_extraction_benchmark_groundtruth.jsonl", 60);
        docs.Add(new Document("edge-1", "", "edge", new JsonObject { ["n"] = 1, ["f"] = 2.5, ["b"] = true, ["s"] = "x", ["nil"] = null }));
        docs.Add(new Document("edge-2", "emoji 😀, CJK 汉字, RTL עברית, nul \u0000 and \"quotes\"\nline2\r\n", "edge",
            new JsonObject { ["list"] = new JsonArray(1, "two", 3.5), ["nested"] = new JsonObject { ["a"] = new JsonObject { ["b"] = "c" } } }));
        return docs;
    }

    [Theory]
    [InlineData(".jsonl")]
    [InlineData(".jsonl.gz")]
    [InlineData(".jsonl.zst")]
    [InlineData(".parquet")]
    public void EveryFormatReadsBackWhatWasWritten(string extension)
    {
        using var dir = new TempDir();
        string path = dir["docs" + extension];
        var docs = Sample();
        var format = FileFormats.FromPath(path)!.Value;
        using (IDocumentWriter writer = format == FileFormat.Parquet ? new ParquetDocumentWriter(path, rowGroupDocs: 7) : new JsonlDocumentWriter(path, format))
            foreach (var d in docs)
                writer.Write(d);

        var back = DocumentReader.ReadFile(path).ToList();
        Assert.All(back, r => Assert.Null(r.Quarantine));
        Assert.Equal(docs.Count, back.Count);
        for (int i = 0; i < docs.Count; i++)
        {
            var a = docs[i];
            var b = back[i].Document!;
            Assert.Equal(a.Id, b.Id);
            Assert.Equal(a.Text, b.Text);
            Assert.Equal(a.Source, b.Source);
            Assert.True(JsonNode.DeepEquals(a.Metadata, b.Metadata), $"{a.Id}: {a.Metadata.ToJsonString()} != {b.Metadata.ToJsonString()}");
        }
    }

    [Fact]
    public async Task ParquetWriterClosesRowGroupsAtTheConfiguredSize()
    {
        using var dir = new TempDir();
        string path = dir["docs.parquet"];
        using (var writer = new ParquetDocumentWriter(path, rowGroupDocs: 10))
            foreach (var d in Sample())
                writer.Write(d);
        await using var reader = await Parquet.ParquetReader.CreateAsync(path);
        Assert.Equal(7, reader.RowGroupCount); // 62 documents in groups of 10
    }

    [Fact]
    public void GeneratedIdsNameFileAndLineAndAreStable()
    {
        using var dir = new TempDir();
        string path = dir["noid.jsonl"];
        File.WriteAllLines(path, ["{\"text\":\"a\"}", "", "{\"text\":\"b\",\"url\":\"http://x\"}"]);
        var docs = DocumentReader.ReadFile(path).Select(r => r.Document!).ToList();
        Assert.Equal([path + "/1", path + "/3"], docs.Select(d => d.Id));
        Assert.Equal("http://x", docs[1].Metadata["url"]!.GetValue<string>());
    }

    [Fact]
    public void ConfigurableTextAndIdFields()
    {
        using var dir = new TempDir();
        string path = dir["custom.jsonl"];
        File.WriteAllLines(path, ["{\"content\":\"hello\",\"doc_id\":42,\"text\":\"not me\"}"]);
        var doc = DocumentReader.ReadFile(path, new ReaderOptions { TextField = "content", IdField = "doc_id" }).Single().Document!;
        Assert.Equal("hello", doc.Text);
        Assert.Equal("42", doc.Id);
        Assert.Equal("not me", doc.Metadata["text"]!.GetValue<string>());
    }

    [Fact]
    public void ShardsRotateByDocumentCountWithDeterministicNames()
    {
        using var dir = new TempDir();
        var output = new ShardedDocumentOutput(dir.Path, 3, new OutputOptions { Format = FileFormat.Jsonl, MaxDocsPerShard = 25 });
        foreach (var d in Sample())
            output.Write(d);
        output.Dispose();
        Assert.Equal(["00003-0000.jsonl", "00003-0001.jsonl", "00003-0002.jsonl"], output.Files);
        Assert.Equal([25, 25, 12], output.Files.Select(f => File.ReadLines(dir[f]).Count()));
    }

    [Fact]
    public void ShardsRotateByTextBytesAndPartitionByMetadata()
    {
        using var dir = new TempDir();
        var docs = Enumerable.Range(0, 30).Select(i => new Document($"d{i}", new string('x', 100), "s",
            new JsonObject { ["bucket"] = i % 3 == 0 ? "09_10" : "06_07" })).ToList();
        var output = new ShardedDocumentOutput(dir.Path, 0, new OutputOptions { Format = FileFormat.Jsonl, MaxBytesPerShard = 500, PartitionBy = "bucket" });
        foreach (var d in docs)
            output.Write(d);
        output.Dispose();
        // 20 documents of 100 chars in 06_07: a new shard once 500 chars are written -> 4 shards of 5.
        Assert.Equal(4, output.Files.Count(f => f.StartsWith("06_07/")));
        Assert.Equal(2, output.Files.Count(f => f.StartsWith("09_10/")));
        Assert.All(output.Files.Where(f => f.StartsWith("06_07/")), f => Assert.Equal(5, File.ReadLines(dir[f]).Count()));
    }
}
