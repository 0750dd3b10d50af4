using YuLanData.Jobs.Mixing;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Tests.Mixing;

public class MixUnitTests
{
    [Fact]
    public void MegatronInt32IsUsedAboveTheUInt16Vocabulary()
    {
        Assert.Equal(MegatronIndexedDataset.UInt16Code, MegatronIndexedDataset.DTypeFor(32_000));
        Assert.Equal(MegatronIndexedDataset.Int32Code, MegatronIndexedDataset.DTypeFor(65_500));
        Assert.Equal(MegatronIndexedDataset.Int32Code, MegatronIndexedDataset.DTypeFor(151_646)); // Qwen-style byte-level BPE fixture
        using var dir = new TempDir();
        int[][] docs = [[151_643, 70_000, 1], [5], [99_999, 0, 65_536, 42]];
        MegatronIndexedDataset.Write(dir["d"], docs, MegatronIndexedDataset.Int32Code);
        var ds = MegatronIndexedDataset.Read(dir["d"]);
        Assert.Equal(MegatronIndexedDataset.Int32Code, ds.DTypeCode);
        Assert.Equal(docs, ds.Sequences);
        Assert.Equal(8 * 4, new FileInfo(dir["d.bin"]).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => MegatronIndexedDataset.Write(dir["e"], docs, MegatronIndexedDataset.UInt16Code));
        File.WriteAllBytes(dir["bad.idx"], new byte[40]);
        File.WriteAllBytes(dir["bad.bin"], []);
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => MegatronIndexedDataset.Read(dir["bad"])).Message);
    }

    [Fact]
    public void ShufflesAreFixedForASeed()
    {
        var a = Enumerable.Range(0, 20).ToArray();
        new SplitMix64(SplitMix64.Derive(7, "phase", "x")).Shuffle(a.AsSpan());
        var b = Enumerable.Range(0, 20).ToArray();
        new SplitMix64(SplitMix64.Derive(7, "phase", "x")).Shuffle(b.AsSpan());
        var c = Enumerable.Range(0, 20).ToArray();
        new SplitMix64(SplitMix64.Derive(8, "phase", "x")).Shuffle(c.AsSpan());
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Enumerable.Range(0, 20), a.Order());
        Assert.Equal(0xE220A8397B1DCDAFUL, new SplitMix64(0).Next()); // SplitMix64's published first output for seed 0
    }

    [Theory]
    [InlineData("phases: []", "'phases' must be a non-empty list")]
    [InlineData("phases:\n  - {tokens: 10, sources: [{path: a, share: 0.5}]}", "shares (0.5 × 10) must fill the budget")]
    [InlineData("phases:\n  - {tokens: 10, sources: [{path: a, share: 1, tokens: 3}]}", "exactly one of 'share' or 'tokens'")]
    [InlineData("phases:\n  - {tokens: 10, format: rows, sources: [{path: a, share: 1}]}", "format must be tokenized, packed or text")]
    [InlineData("phases:\n  - {tokens: 10, sources: [{path: a, share: 1}], shuffle: true}", "unknown key 'shuffle'")]
    [InlineData("phases:\n  - {sources: [{path: a, share: 1}]}", "needs a 'tokens' budget")]
    public void BadCurriculaNameFileLineAndProblem(string phases, string expected)
    {
        string yaml = "tokenizer: t.json\noutput: {path: o}\n" + phases + "\n";
        var e = Assert.Throws<PipelineConfigException>(() => CurriculumLoader.Parse(yaml, "c.yaml"));
        Assert.Equal("c.yaml", e.File);
        Assert.True(e.Line >= 1 && e.Column >= 1);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ExampleCurriculaParse()
    {
        var files = Directory.GetFiles(Path.Combine(YuLanData.Testing.RepoPaths.Root, "pipelines", "mix"), "*.yaml");
        Assert.True(files.Length >= 2);
        foreach (var f in files)
            Assert.NotEmpty(CurriculumLoader.Load(f).Phases);
        var yulan = CurriculumLoader.Load(Path.Combine(YuLanData.Testing.RepoPaths.Root, "pipelines", "mix", "yulan-style.yaml"));
        Assert.Equal(28672, yulan.Phases[2].SequenceLength);
        Assert.Equal(["fineweb-edu", "dclm_baseline", "chinese-fineweb-edu_use", "code_clean_deepseek", "fineweb_math", "math_gen_qwen"],
            yulan.Phases[1].Sources.Select(s => s.Category));
        // Its byte-level BPE tokenizer has a vocabulary above 65,500, so Megatron ids are int32.
        var tokenizer = YuLanData.Inference.Tokenization.HuggingFaceTokenizer.Load(YuLanData.Testing.RepoPaths.SharedFixture("tokenizers", "bytelevel-bpe", "tokenizer.json"));
        Assert.Equal(MegatronIndexedDataset.Int32Code, MegatronIndexedDataset.DTypeFor(tokenizer.VocabularySize));
    }

    [Fact]
    public void AbsoluteTargetsAndSharesCombine()
    {
        var c = CurriculumLoader.Parse("tokenizer: t\noutput: {path: o}\nphases:\n  - {tokens: 1000, sources: [{path: a/x, share: 0.6}, {path: b, tokens: 400}]}\n", "c.yaml");
        Assert.Equal([600L, 400L], c.Phases[0].Sources.Select(s => s.TargetTokens));
        Assert.Equal("a", c.Phases[0].Sources[0].Category);
        Assert.Equal(10_000_000, c.ShardTokens);
    }
}
