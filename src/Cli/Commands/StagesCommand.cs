using System.CommandLine;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;

namespace YuLanData.Cli.Commands;

/// <summary><c>stages [name]</c>: lists registered stages, or one stage's parameters with their types and defaults.</summary>
internal static class StagesCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Show this stage's parameters.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("stages", "List the stages a pipeline can use, or one stage's parameters.") { name };
        command.SetAction(parse =>
        {
            string? which = parse.GetValue(name);
            if (which == null)
            {
                foreach (var d in StageRegistry.All.Values)
                    Console.WriteLine($"{d.Name,-22} {d.Description}");
                return ExitCodes.Ok;
            }
            var definition = StageRegistry.Find(which) ?? throw new PipelineConfigException("stages", 0, 0, $"unknown stage '{which}'");
            Console.WriteLine($"{definition.Name}: {definition.Description}");
            var defaults = definition.CreateDefaultOptions();
            if (defaults == null)
                Console.WriteLine("  (no parameters)");
            else
                foreach (var (key, property) in OptionsBinder.Parameters(defaults.GetType()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    Console.WriteLine($"  {key,-30} {OptionsBinder.Describe(property.PropertyType),-28} default: {Format(property.GetValue(defaults))}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        Enum e => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()),
        string s => s,
        System.Collections.IDictionary d => "{" + string.Join(", ", d.Keys.Cast<object>().Select(k => $"{k}: {d[k]}")) + "}",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object>()) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
