using System.Text.Json;
using YuLanData.Cli.Commands;
using YuLanData.Jobs.Mixing;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Mixing;

/// <summary>The 28 mix recipes YuLan-Mini released (../shared/data/yulan-mix), read, checked and written back.</summary>
public class YulanRecipeTests
{
    public static string[] RecipeFiles() =>
        Directory.GetFiles(RepoPaths.SharedData("yulan-mix"), "*.json").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void AllTwentyEightRecipesParseAndTheirTotalsMatch()
    {
        var files = RecipeFiles();
        Assert.Equal(28, files.Length);
        foreach (var file in files)
        {
            var recipe = YulanRecipeJson.Load(file);
            string name = Path.GetFileNameWithoutExtension(file);
            // Independent sums straight from the JSON.
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            double selected = doc.RootElement.GetProperty("Number of Selected Tokens(B)").EnumerateObject().Sum(p => p.Value.GetDouble());
            Assert.Equal(selected, recipe.SelectedSumB, 9);
            double gap = recipe.TotalTokensB - recipe.SelectedSumB;
            if (name.StartsWith("19_", StringComparison.Ordinal))
                Assert.Equal(0.005298832, gap, 6); // quirk: phase 19's total is 5.3M tokens above the sum of its sources
            else
                Assert.True(Math.Abs(gap) < 1e-9, $"{name}: total {recipe.TotalTokensB} vs selected {recipe.SelectedSumB}");
            Assert.InRange(recipe.TotalTokensB, 39.4, 40.3); // every phase is about 40B tokens
            // Each source's token-id groups add up to its selected tokens.
            var selectedBySource = recipe.Selected.ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal(recipe.Selected.Select(kv => kv.Key), recipe.Files.Select(kv => kv.Key));
            foreach (var (source, groups) in recipe.Files)
            {
                Assert.Equal(selectedBySource[source], groups.Sum(g => g.TokensB), 6);
                Assert.All(groups, g => Assert.NotEmpty(g.Paths));
            }
            // The manual targets total about 40B too.
            Assert.InRange(recipe.Manual.Sum(m => m.Value.TokensB), 39.97, 40.04);
        }
    }

    [Fact]
    public void WritingARecipeReproducesTheReleasedBytes()
    {
        foreach (var file in RecipeFiles())
            Assert.True(File.ReadAllText(file) == YulanRecipeJson.Format(YulanRecipeJson.Load(file)), $"{file} does not round-trip byte for byte");
    }

    [Fact]
    public void TheDataQuirksAreVisible()
    {
        var files = RecipeFiles().ToDictionary(f => Path.GetFileName(f)[..2] + (Path.GetFileName(f).StartsWith("26_20241211", StringComparison.Ordinal) ? "b" : ""));
        // Phase 10: two Jupyter targets that got no selected tokens.
        var p10 = YulanRecipeJson.Load(files["10"]);
        var manualOnly = p10.Manual.Select(m => m.Key).Except(p10.Selected.Select(s => s.Key)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["the-stack-v2/Jupyter_Notebook/md_scored_classified/score_3", "the-stack-v2/Jupyter_Notebook/md_scored_classified/score_4"], manualOnly);
        Assert.Contains("has a manual target of 0.08B but no selected tokens", MixCommand.RecipeTable(p10, "10"));
        // Phase 19: the manual key is fineweb-edu-2024, the selected one fineweb-edu.
        var p19 = YulanRecipeJson.Load(files["19"]);
        Assert.Contains(p19.Manual, m => m.Key == "fineweb-edu-2024");
        Assert.DoesNotContain(p19.Selected, s => s.Key == "fineweb-edu-2024");
        Assert.Contains(p19.Selected, s => s.Key == "fineweb-edu");
        Assert.Contains("differs from the sum of selected tokens", MixCommand.RecipeTable(p19, "19"));
        // Phases 26-27: [tokens, is_sft] targets with is_sft "" or "1", and is_sft on the groups.
        foreach (var key in new[] { "26", "26b", "27" })
        {
            var r = YulanRecipeJson.Load(files[key]);
            Assert.All(r.Manual, m => Assert.Contains(m.Value.IsSft, new[] { "", "1" }));
            Assert.Contains(r.Manual, m => m.Value.IsSft == "1");
            Assert.All(r.Files.SelectMany(f => f.Value), g => Assert.NotNull(g.IsSft));
        }
        Assert.All(YulanRecipeJson.Load(files["01"]).Manual, m => Assert.Null(m.Value.IsSft));
        // Phases 18-25 name the datasets directory with an absolute cluster path, the others with the bare phase name.
        Assert.StartsWith("/fs/archive/", YulanRecipeJson.Load(files["18"]).DatasetsDirectory);
        Assert.Equal("01_20241017_013512", YulanRecipeJson.Load(files["01"]).DatasetsDirectory);
    }

    [Fact]
    public void PlanTableGroupsSourcesByTheirPrefix()
    {
        string file = RecipeFiles()[0];
        var recipe = YulanRecipeJson.Load(file);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var selected = doc.RootElement.GetProperty("Number of Selected Tokens(B)").EnumerateObject().ToList();
        double chinese = selected.Where(p => p.Name.StartsWith("chinese-fineweb-edu_use/", StringComparison.Ordinal)).Sum(p => p.Value.GetDouble());
        var categories = recipe.SelectedByCategory();
        Assert.Equal(chinese, categories.Single(c => c.Key == "chinese-fineweb-edu_use").Value, 9);
        Assert.Equal("chinese-fineweb-edu_use", categories[0].Key);
        Assert.Equal(selected.Select(p => p.Name.Split('/')[0]).Distinct().Count(), categories.Count);
        string table = MixCommand.RecipeTable(recipe, "01");
        var row = table.Split('\n').Single(l => l.StartsWith("chinese-fineweb-edu_use ", StringComparison.Ordinal));
        Assert.Contains(chinese.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), row);
        Assert.Contains("     5 ", row); // five sources in the category
    }

    [Fact]
    public void ReportOverAllRecipesDrawsTheShareChart()
    {
        using var dir = new TempDir();
        var recipes = RecipeFiles().Select(f => (Path.GetFileNameWithoutExtension(f), YulanRecipeJson.Load(f))).ToList();
        var report = MixReport.FromRecipes(recipes);
        var (phases, categories, shares) = report.CategorySharesByPhase();
        Assert.Equal(28, phases.Count);
        for (int p = 0; p < phases.Count; p++)
            Assert.Equal(1.0, categories.Select((_, c) => shares[c][p]).Sum(), 9);
        int fineweb = categories.ToList().IndexOf("fineweb-edu");
        Assert.InRange(shares[fineweb][0], 0.39, 0.41); // about 40% of phase 1 is fineweb-edu
        MixChart.Save(dir["shares.png"], (phases, categories, shares), "test");
        var png = File.ReadAllBytes(dir["shares.png"]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(1600, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(800, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal(["01", "02"], new[] { MixChart.ShortLabel(phases, 0), MixChart.ShortLabel(phases, 1) });
        Assert.Equal(["26a", "26b"], new[] { MixChart.ShortLabel(phases, 25), MixChart.ShortLabel(phases, 26) });
    }

    [Theory]
    [InlineData("{\"Total Tokens(B)\": 1.0, \"Total Tokens(B)\": 2.0}", "appears twice")]
    [InlineData("{\"Total Tokens(B)\": \"x\"}", "must be a number")]
    [InlineData("{\"Total Tokens(B)\": 1.0, \"Total Huggingface Datasets Directory\": \"d\", \"Number of Selected Tokens(B)\": {}, \"Manual Selected Tokens(B)\": {\"a/b\": [1.0]}, \"Token ID Files Information\": {}}", "Manual Selected Tokens(B).a/b")]
    [InlineData("{\"Total Tokens(B)\": 1.0, \"Bogus\": 1}", "unknown key \"Bogus\"")]
    public void BadRecipesAreRefusedWithTheKeyNamed(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => YulanRecipeJson.Parse(System.Text.Encoding.UTF8.GetBytes(json), "r.json"));
        Assert.StartsWith("r.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(7e-05, "7e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.0, "1.0")]
    [InlineData(16.2, "16.2")]
    [InlineData(0.16298240099999997, "0.16298240099999997")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345.0, "123456789012345.0")]
    [InlineData(-2.5e-07, "-2.5e-07")]
    [InlineData(40.0, "40.0")]
    public void FloatsAreWrittenLikePythonRepr(double value, string expected) =>
        Assert.Equal(expected, PythonStyleJson.FormatFloat(value));
}
