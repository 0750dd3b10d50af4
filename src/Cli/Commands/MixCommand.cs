using System.CommandLine;
using System.Globalization;
using YuLanData.Jobs.Mixing;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>mix plan FILE</c> (YuLan-Mini recipe JSON or curriculum YAML: the per-category table of a phase),
/// <c>mix run CURRICULUM.yaml</c> (write the shards), <c>mix report FILES...</c> (planned vs actual and the share PNG).
/// </summary>
public static class MixCommand
{
    public static Command Create()
    {
        var mix = new Command("mix", "Curriculum mixing: plan phases, write token shards, report planned vs actual tokens.");
        mix.Subcommands.Add(Plan());
        mix.Subcommands.Add(RunCommand());
        mix.Subcommands.Add(Report());
        return mix;
    }

    private static Command Plan()
    {
        var file = new Argument<string>("file") { Description = "A YuLan-Mini recipe .json or a curriculum .yaml." };
        var phase = new Option<string?>("--phase") { Description = "Curriculum phase name or 1-based number (default: all)." };
        var cmd = new Command("plan", "Print the per-category token table of a recipe or of a curriculum's phases.") { file, phase };
        cmd.SetAction(parse => Guard(() =>
        {
            string path = parse.GetValue(file)!;
            Console.Out.Write(path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? RecipeTable(YulanRecipeJson.Load(path), path)
                : CurriculumTable(CurriculumLoader.Load(path), parse.GetValue(phase)));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command RunCommand()
    {
        var file = new Argument<string[]>("curriculum") { Description = "Curriculum YAML, or released YuLan recipe JSON files with --sources.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (overrides output.path)." };
        var sources = new Option<string?>("--sources") { Description = "Source mapping YAML for recipe JSON files: recipe source names to local folders." };
        var workers = new Option<int>("--workers", "-w") { Description = "Shards written in parallel (default: cores); output bytes do not depend on it." };
        var cmd = new Command("run", "Index sources, select documents per phase and write shards; reruns skip finished shards.") { file, output, workers, sources };
        cmd.SetAction(parse => Guard(() =>
        {
            var files = parse.GetValue(file)!;
            var config = files.All(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                ? RecipeCurriculum.Load(files, parse.GetValue(sources) ?? throw new PipelineConfigException(files[0], 1, 1,
                    "a recipe JSON needs --sources MAP.yaml mapping its source names to local folders (see pipelines/yulan-recipe-sources.yaml)"), parse.GetValue(output), Console.Error)
                : files.Length == 1 ? CurriculumLoader.Load(files[0], parse.GetValue(output))
                : throw new PipelineConfigException(files[1], 1, 1, "give one curriculum YAML, or recipe JSON files only");
            using var result = MixRunner.Run(config, Console.Error, parse.GetValue(workers));
            Console.Out.Write(result.Report.ToTable());
            Console.Out.WriteLine($"{result.Shards.Count} shards ({result.Written} written, {result.Skipped} already finished) in {Path.Combine(config.OutputPath, "shards")}");
            Console.Out.WriteLine($"report: {Path.Combine(config.OutputPath, "mix_report.txt")}, chart: {Path.Combine(config.OutputPath, "mix_shares.png")}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Report()
    {
        var files = new Argument<string[]>("files") { Description = "Recipe JSON files (phases in name order), or one mix output folder.", Arity = ArgumentArity.OneOrMore };
        var png = new Option<string>("--png") { Description = "Where the stacked-area chart goes.", DefaultValueFactory = _ => "mix_shares.png" };
        var cmd = new Command("report", "Planned vs actual tokens per phase and source, and a stacked-area PNG of category shares.") { files, png };
        cmd.SetAction(parse => Guard(() =>
        {
            var inputs = parse.GetValue(files)!;
            MixReport report;
            if (inputs.Length == 1 && Directory.Exists(inputs[0]) && File.Exists(Path.Combine(inputs[0], "mix_report.json")))
                report = MixReportJson.Load(Path.Combine(inputs[0], "mix_report.json"));
            else
            {
                var paths = inputs.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.json") : [p]).Order(StringComparer.Ordinal).ToList();
                report = MixReport.FromRecipes(paths.Select(p => (Path.GetFileNameWithoutExtension(p), YulanRecipeJson.Load(p))).ToList());
            }
            Console.Out.Write(report.ToTable());
            string pngPath = parse.GetValue(png)!;
            MixChart.Save(pngPath, report.CategorySharesByPhase(), "category shares per phase");
            Console.Out.WriteLine($"chart: {pngPath}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>The per-category table of one recipe: sources, selected and manual tokens (billions), share of the phase.</summary>
    public static string RecipeTable(YulanRecipe recipe, string name)
    {
        var inv = CultureInfo.InvariantCulture;
        var manual = recipe.Manual.GroupBy(kv => YulanRecipe.CategoryOf(kv.Key)).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value.TokensB));
        var sw = new StringWriter(inv);
        sw.WriteLine($"{name}: phase directory {recipe.DatasetsDirectory}, Total Tokens(B) {recipe.TotalTokensB.ToString("F4", inv)}, " +
            $"{recipe.Selected.Count} sources selected, {recipe.Manual.Count} with manual targets");
        sw.WriteLine(string.Format(inv, "{0,-44} {1,7} {2,12} {3,12} {4,8}", "category", "sources", "selected(B)", "manual(B)", "share%"));
        double sum = recipe.SelectedSumB;
        foreach (var (cat, b) in recipe.SelectedByCategory())
            sw.WriteLine(string.Format(inv, "{0,-44} {1,7} {2,12:F4} {3,12:F4} {4,8:F2}", cat,
                recipe.Selected.Count(kv => YulanRecipe.CategoryOf(kv.Key) == cat), b, manual.GetValueOrDefault(cat), 100 * b / sum));
        foreach (var cat in manual.Keys.Where(c => !recipe.Selected.Any(kv => YulanRecipe.CategoryOf(kv.Key) == c)))
            sw.WriteLine(string.Format(inv, "{0,-44} {1,7} {2,12:F4} {3,12:F4} {4,8:F2}", cat, 0, 0.0, manual[cat], 0.0));
        sw.WriteLine(string.Format(inv, "{0,-44} {1,7} {2,12:F4} {3,12:F4} {4,8:F2}", "total", recipe.Selected.Count, sum, recipe.Manual.Sum(kv => kv.Value.TokensB), 100.0));
        double gap = recipe.TotalTokensB - sum;
        if (Math.Abs(gap) > 5e-7)
            sw.WriteLine(string.Format(inv, "note: Total Tokens(B) {0:F6} differs from the sum of selected tokens {1:F6} by {2:F6}B ({3:F3}%)",
                recipe.TotalTokensB, sum, gap, 100 * gap / sum));
        foreach (var missing in recipe.Manual.Where(m => !recipe.Selected.Any(s => s.Key == m.Key)))
            sw.WriteLine($"note: {missing.Key} has a manual target of {missing.Value.TokensB.ToString("G6", inv)}B but no selected tokens");
        return sw.ToString();
    }

    private static string CurriculumTable(CurriculumConfig config, string? phaseFilter)
    {
        var inv = CultureInfo.InvariantCulture;
        var sw = new StringWriter(inv);
        for (int p = 0; p < config.Phases.Count; p++)
        {
            var phase = config.Phases[p];
            if (phaseFilter != null && phaseFilter != phase.Name && phaseFilter != (p + 1).ToString(inv))
                continue;
            sw.WriteLine($"phase {p + 1} '{phase.Name}': {phase.Tokens:N0} tokens, {(phase.OrderKey == null ? "shuffled" : $"ordered by {phase.OrderKey} {(phase.Descending ? "descending" : "ascending")}")}, " +
                $"{phase.Format.ToString().ToLowerInvariant()}{(phase.Format == ShardFormat.Packed ? $" rows of {phase.SequenceLength}" : "")}, reuse {(phase.AllowReuse ? "allowed" : "not allowed")}");
            sw.WriteLine(string.Format(inv, "{0,-44} {1,7} {2,16} {3,8}", "category", "sources", "target tokens", "share%"));
            foreach (var g in phase.Sources.GroupBy(s => s.Category))
                sw.WriteLine(string.Format(inv, "{0,-44} {1,7} {2,16:N0} {3,8:F2}", g.Key, g.Count(), g.Sum(s => s.TargetTokens), 100.0 * g.Sum(s => s.TargetTokens) / phase.Tokens));
            foreach (var s in phase.Sources)
                sw.WriteLine($"  {s.DisplayName}: {s.TargetTokens:N0} tokens{(s.Share is { } sh ? $" (share {sh.ToString("G4", inv)})" : "")} from {s.Path}");
        }
        return sw.ToString();
    }

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.BadConfig;
        }
    }
}
