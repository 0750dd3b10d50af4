using System.CommandLine;
using YuLanData.Cli.Bench;

namespace YuLanData.Cli.Commands;

/// <summary><c>bench &lt;name&gt; [args]</c>: runs a registered benchmark (see <see cref="IBenchmark"/>).</summary>
internal static class BenchCommand
{
    public static IReadOnlyList<IBenchmark> All() =>
        typeof(IBenchmark).Assembly.GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();

    public static Command Create()
    {
        var benchmarks = All();
        var name = new Argument<string>("name")
        {
            Description = "Benchmark: " + string.Join("; ", benchmarks.Select(b => $"{b.Name} ({b.Description})")),
        };
        var rest = new Argument<string[]>("args") { Description = "Benchmark-specific arguments.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("bench", "Measure throughput against a baseline taken in the same run.") { name, rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            string which = parse.GetValue(name)!;
            var bench = benchmarks.FirstOrDefault(b => b.Name == which)
                ?? throw new ArgumentException($"unknown benchmark '{which}' (known: {string.Join(", ", benchmarks.Select(b => b.Name))})");
            var args = (parse.GetValue(rest) ?? []).Concat(parse.UnmatchedTokens).ToList();
            return bench.Run(args, Console.Out);
        });
        return command;
    }
}
