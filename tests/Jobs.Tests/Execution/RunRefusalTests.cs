using YuLanData.Jobs.Execution;

namespace YuLanData.Jobs.Tests;

/// <summary>A run folder holding a different pipeline is refused with what differs: which key, which input.</summary>
public class RunRefusalTests
{
    [Fact]
    public void TheRefusalNamesTheChangedKeyWithItsOldAndNewValues()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        RealDocuments.WriteJsonl(dir["in/a.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz", 5));
        PipelineRunner.Run(PipelineRunner.Yaml([dir["in/*.jsonl"]], dir["out"], "- sampler: {rate: 0.5, seed: 1}"), dir["p.yaml"]);
        var e = Assert.Throws<RunFolderException>(() =>
            PipelineRunner.Run(PipelineRunner.Yaml([dir["in/*.jsonl"]], dir["out"], "- sampler: {rate: 0.25, seed: 1}"), dir["p.yaml"]));
        Assert.Contains("stages[0].sampler.rate: '0.5' -> '0.25'", e.Message);
    }

    [Fact]
    public void TheRefusalNamesAnInputThatAppearedOrChanged()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        RealDocuments.WriteJsonl(dir["in/a.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz", 5));
        string yaml = PipelineRunner.Yaml([dir["in/*.jsonl"]], dir["out"]);
        PipelineRunner.Run(yaml, dir["p.yaml"]);
        RealDocuments.WriteJsonl(dir["in/b.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz", 2));
        var e = Assert.Throws<RunFolderException>(() => PipelineRunner.Run(yaml, dir["p.yaml"]));
        Assert.Contains($"input {dir["in/b.jsonl"]} is new", e.Message);
    }
}
