using Parquet.Serialization;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary><c>excluded/</c> is written in the run's output format, with the stage and reason of each document.</summary>
public sealed class ExclusionFormatTests
{
    [Theory]
    [InlineData("jsonl", ".jsonl")]
    [InlineData("jsonl.zst", ".jsonl.zst")]
    [InlineData("parquet", ".parquet")]
    public async Task Exclusions_follow_the_output_format(string format, string extension)
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc().Take(5).ToList();
        string input = tmp["in.jsonl"];
        DedupCorpus.Write(input, docs.Select((d, i) => ($"d{i}", d.Text)));
        string yaml = PipelineRunner.Yaml([input], tmp["run"], stages: "- limit: {max_documents: 2}", format: format, extraOutput: "exclusions: true");
        var (stats, folder) = PipelineRunner.Run(yaml, tmp["p.yaml"]);
        Assert.Equal(3, stats.Stages[0].Dropped["over_limit"]);
        var file = Assert.Single(Directory.GetFiles(folder.ExcludedDir));
        Assert.EndsWith(extension, file);
        var excluded = IO.DocumentReader.ReadFile(file).Select(r => r.Document!).ToList();
        Assert.Equal(["d2", "d3", "d4"], excluded.Select(d => d.Id));
        Assert.Equal(docs[2].Text, excluded[0].Text);
        if (format == "parquet")
        {
            await using var stream = File.OpenRead(file);
            var rows = (await ParquetSerializer.DeserializeUntypedAsync(stream)).Data;
            Assert.All(rows, r => Assert.Equal("over_limit", r["reason"]));
            Assert.All(rows, r => Assert.Equal("01_limit", r["stage"]));
        }
        else
            Assert.All(excluded, d => Assert.Equal("over_limit", d.Metadata["reason"]!.GetValue<string>()));
    }
}
