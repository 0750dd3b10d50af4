using YuLanData.Jobs.Mixing;
using YuLanData.Jobs.Pipelines;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Mixing;

/// <summary>A released YuLan-Mini recipe run through a source mapping on shared data (issue 23: recipes could be planned, not run).</summary>
public class RecipeCurriculumTests
{
    private static string Recipe01 => Path.Combine(RepoPaths.SharedData("yulan-mix"), "01_20241017_013512.json");

    private static string Mapping(TempDir dir, string sources, long tokens = 20000)
    {
        var path = dir["map.yaml"];
        File.WriteAllText(path, $"""
            tokenizer: {Path.Combine(RepoPaths.SharedFixture("tokenizers"), "bytelevel-bpe", "tokenizer.json")}
            output: {dir["mix"]}
            tokens: {tokens}
            sources:
            {sources}
            """);
        return path;
    }

    [Fact]
    public void A_released_recipe_runs_with_its_proportions_among_the_mapped_sources()
    {
        using var dir = new TempDir();
        var map = Mapping(dir, $"""
              aa_math: {RepoPaths.SharedData("math", "gsm8k_train_solutions.jsonl.gz")}
              cicg-news-en: {RepoPaths.SharedData("web", "bbc_news_2225.jsonl.gz")}
              mathtext: {RepoPaths.SharedData("math", "hott_book_latex.jsonl.gz")}
            """);
        var log = new StringWriter();
        var config = RecipeCurriculum.Load([Recipe01], map, null, log);
        var recipe = YulanRecipeJson.Load(Recipe01);
        double Selected(Func<string, bool> which) => recipe.Selected.Where(kv => which(kv.Key)).Sum(kv => kv.Value);
        var math = Selected(k => k.StartsWith("aa_math/", StringComparison.Ordinal));
        var news = Selected(k => k.StartsWith("cicg-news-en/", StringComparison.Ordinal));
        var text = Selected(k => k == "mathtext");
        Assert.True(math > 0 && news > 0 && text > 0);
        var phase = Assert.Single(config.Phases);
        Assert.Equal(20000, phase.Tokens);
        Assert.Equal(3, phase.Sources.Count);
        Assert.Equal(math / (math + news + text), phase.Sources.Single(s => s.Name == "aa_math").Share!.Value, 6);
        Assert.Equal(text / (math + news + text), phase.Sources.Single(s => s.Name == "mathtext").Share!.Value, 6);
        Assert.Contains("recipe sources have no local folder and are left out", log.ToString(), StringComparison.Ordinal);

        using var result = MixRunner.Run(config, TextWriter.Null, 1);
        Assert.NotEmpty(result.Shards);
        Assert.True(File.Exists(Path.Combine(dir["mix"], "mix_report.txt")));
    }

    [Fact]
    public void A_mapping_that_maps_nothing_of_the_recipe_is_refused_naming_the_mapping()
    {
        using var dir = new TempDir();
        var map = Mapping(dir, $"  no-such-source: {RepoPaths.SharedData("web", "bbc_news_2225.jsonl.gz")}\n");
        var e = Assert.Throws<PipelineConfigException>(() => RecipeCurriculum.Load([Recipe01], map, null, TextWriter.Null));
        Assert.Contains("map.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("no source of recipe", e.Message, StringComparison.Ordinal);
    }
}
