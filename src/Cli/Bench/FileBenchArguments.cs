using System.Globalization;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Cli.Bench;

/// <summary>
/// The arguments shared by benchmarks over input files: <c>[--input GLOB ...] [--repeat N] [--workers N]</c>
/// (default input: <c>../shared/data/web/*.jsonl*</c>, the real web sample).
/// </summary>
/// <param name="Files">The matched input files.</param>
/// <param name="Repeat">Timed passes per measurement; the best counts.</param>
/// <param name="Workers">Tasks run in parallel where the benchmark runs the engine.</param>
public sealed record FileBenchArguments(IReadOnlyList<string> Files, int Repeat, int Workers)
{
    public long FileBytes => Files.Sum(f => new FileInfo(f).Length);

    /// <summary>Parses the arguments of benchmark <paramref name="bench"/>; unknown ones are errors.</summary>
    public static FileBenchArguments Parse(string bench, IReadOnlyList<string> arguments)
    {
        var inputs = new List<string>();
        int repeat = 3, workers = 1;
        for (int i = 0; i < arguments.Count; i++)
        {
            string Next() => i + 1 < arguments.Count ? arguments[++i] : throw new ArgumentException($"bench {bench}: {arguments[i]} needs a value");
            switch (arguments[i])
            {
                case "--input": inputs.Add(Next()); break;
                case "--repeat": repeat = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--workers": workers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"bench {bench}: unknown argument '{arguments[i]}'");
            }
        }
        if (inputs.Count == 0)
            inputs.Add("../shared/data/web/*.jsonl*");
        var files = inputs.SelectMany(Glob.Expand).Distinct().ToList();
        if (files.Count == 0)
            throw new ArgumentException($"bench {bench}: no input files match {string.Join(", ", inputs)}");
        return new FileBenchArguments(files, repeat, workers);
    }
}
