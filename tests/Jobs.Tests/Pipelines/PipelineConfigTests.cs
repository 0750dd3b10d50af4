using YuLanData.Jobs.Pipelines;
using YuLanData.Filters.Fields;
using YuLanData.Filters.Heuristics;
using YuLanData.Jobs.Stages.BuiltIn;

namespace YuLanData.Jobs.Tests;

/// <summary>Configuration mistakes are reported with file, line and column before any work starts.</summary>
public class PipelineConfigTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _input;

    public PipelineConfigTests()
    {
        _input = _dir["in.jsonl"];
        File.WriteAllLines(_input, ["""{"text":"hello"}"""]);
    }

    public void Dispose() => _dir.Dispose();

    private PipelineConfigException Fails(string yaml)
    {
        string path = _dir["p.yaml"];
        File.WriteAllText(path, yaml);
        var e = Assert.Throws<PipelineConfigException>(() => PipelineLoader.Load(path));
        Assert.StartsWith(path + ":", e.Message);
        return e;
    }

    private string Head => $"name: t\ninput:\n  paths: [\"{_input}\"]\n";

    [Fact]
    public void UnknownStageNamesItsLineAndSuggestsTheClosestName()
    {
        var e = Fails(Head + "stages:\n  - length_filter: {min_words: 3}\n  - lenght_filter\noutput:\n  path: x\n");
        Assert.Equal(6, e.Line);
        Assert.Contains("unknown stage 'lenght_filter'", e.Message);
        Assert.Contains("did you mean 'length_filter'", e.Message);
    }

    [Fact]
    public void UnknownParameterNamesTheKnownOnes()
    {
        var e = Fails(Head + "stages:\n  - length_filter:\n      min_word: 3\noutput:\n  path: x\n");
        Assert.Equal(6, e.Line);
        Assert.Contains("no parameter 'min_word'", e.Message);
        Assert.Contains("min_words", e.Message);
    }

    [Fact]
    public void IllTypedParameterSaysWhatWasExpected()
    {
        var e = Fails(Head + "stages:\n  - sampler:\n      rate: lots\noutput:\n  path: x\n");
        Assert.Equal(6, e.Line);
        Assert.Contains("expected a number, got 'lots'", e.Message);
    }

    [Fact]
    public void ValidationFailureIsAConfigError()
    {
        var e = Fails(Head + "stages:\n  - sampler: {rate: 1.5}\noutput:\n  path: x\n");
        Assert.Contains("rate must be within [0, 1]", e.Message);
    }

    [Fact]
    public void MissingInputNamesThePattern()
    {
        var e = Fails($"name: t\ninput:\n  paths:\n    - \"{_input}\"\n    - \"{_dir["nothing/*.jsonl"]}\"\noutput:\n  path: x\n");
        Assert.Equal(5, e.Line);
        Assert.Contains("matches no files", e.Message);
    }

    [Fact]
    public void UnknownTopLevelAndOutputKeysAreErrors()
    {
        Assert.Contains("unknown key 'stage'", Fails(Head + "stage: []\noutput:\n  path: x\n").Message);
        var e = Fails(Head + "output:\n  path: x\n  fromat: parquet\n");
        Assert.Equal(6, e.Line);
    }

    [Fact]
    public void ValidPipelineBindsTypedParameters()
    {
        string path = _dir["ok.yaml"];
        File.WriteAllText(path, Head + "stages:\n  - length_filter: {min_words: 3, max_chars: 1_000}\n  - rename_fields:\n      fields: {a: b}\n  - limit\noutput:\n  path: x\n  format: parquet\n  max_docs_per_shard: 10\n");
        var config = PipelineLoader.Load(path);
        var length = Assert.IsType<LengthFilterOptions>(config.Stages[0].Options);
        Assert.Equal(3, length.MinWords);
        Assert.Equal(1000, length.MaxChars);
        Assert.Equal("b", Assert.IsType<RenameFieldsOptions>(config.Stages[1].Options).Fields["a"]);
        Assert.Equal(1000, Assert.IsType<LimitOptions>(config.Stages[2].Options).MaxDocuments);
        Assert.Equal("03_limit", config.Stages[2].Label);
        Assert.Equal(IO.FileFormat.Parquet, config.Output.Format);
    }
}

public class RunFolderReuseTests
{
    [Fact]
    public void AFolderWithFinishedTasksRefusesAnotherPipelineButAnUnstartedOneTakesIt()
    {
        using var dir = new TempDir();
        string input = dir["in.jsonl"];
        File.WriteAllLines(input, ["""{"text":"one two three four"}"""]);
        PipelineRunner.Run(PipelineRunner.Yaml([input], dir["out"], "- length_filter: {min_words: 2}"), dir["a.yaml"]);
        var e = Assert.Throws<Execution.RunFolderException>(() =>
            PipelineRunner.Run(PipelineRunner.Yaml([input], dir["out"], "- length_filter: {min_words: 3}"), dir["b.yaml"]));
        Assert.Contains("different pipeline", e.Message);

        // A folder prepared by a run that failed before finishing any task accepts a corrected pipeline.
        File.WriteAllText(dir["c.yaml"], PipelineRunner.Yaml([input], dir["out2"], "- length_filter: {min_words: 9}"));
        new Execution.LocalExecutor(Pipelines.PipelineLoader.Load(dir["c.yaml"]), 1).Prepare();
        var (stats, _) = PipelineRunner.Run(PipelineRunner.Yaml([input], dir["out2"], "- length_filter: {min_words: 3}"), dir["d.yaml"]);
        Assert.Equal(1, stats.Kept);
    }
}
