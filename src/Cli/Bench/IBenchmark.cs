namespace YuLanData.Cli.Bench;

/// <summary>
/// A benchmark run by <c>./yulandata bench &lt;name&gt;</c>. It measures its subject and a baseline in the
/// same run and prints both with their ratio. Implementations are discovered by reflection: a public
/// non-abstract class with a parameterless constructor.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name after <c>bench</c> on the command line, e.g. <c>io</c> or <c>fasttext</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>bench --help</c>.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark and writes its report to <paramref name="output"/>; returns the exit code.</summary>
    /// <param name="arguments">The remaining command-line arguments (benchmark-specific, e.g. <c>--docs 5000</c>).</param>
    /// <param name="output">Where the report goes.</param>
    int Run(IReadOnlyList<string> arguments, TextWriter output);
}
