using System.CommandLine;
using YuLanData.Filters.FastText;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>fasttext train|predict|test</c>. Two spellings are accepted: fastText's own
/// (<c>predict-prob MODEL INPUT K</c>, <c>supervised -input F -output M ...</c>) and the long-option form
/// <c>predict --model M [--k K] [--threshold T] [--input F]</c>, which reads standard input by default and prints
/// exactly what <c>fasttext predict-prob M - K</c> prints, so scripts can swap one for the other.
/// </summary>
internal static class FastTextCommand
{
    public const string Usage =
        "usage: fasttext predict --model M [--k 1] [--threshold 0] [--input F|-]   (the output of `fasttext predict-prob M - K`)\n" +
        "       fasttext test    --model M --input F [--k 1] [--threshold 0]       (N, P@K, R@K like `fasttext test`)\n" +
        "       fasttext train   --input F --output M [--lr 0.1 --dim 100 --epoch 5 --wordNgrams 1 --loss softmax|hs|ova ...]\n" +
        "or fastText's own argument forms:\n" + FastTextCommandLine.Usage;

    /// <summary>The <c>fasttext</c> command: its arguments go to fastText's own parser after <see cref="Translate"/>.</summary>
    public static Command Create() =>
        PassthroughCommand.Create("fasttext", "fastText in managed C#: train, predict, test (same output formats as the fasttext CLI).", Usage, Run);

    public static int Run(IReadOnlyList<string> args) =>
        FastTextCommandLine.Run(Translate(args), Console.In, Console.Out, Console.Error);

    /// <summary>Turns the long-option form into fastText's positional form; other forms pass through.</summary>
    public static IReadOnlyList<string> Translate(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || !args.Skip(1).Any(a => a.StartsWith("--", StringComparison.Ordinal)))
            return args;
        string verb = args[0];
        if (verb is "train" or "supervised")
            return [verb, .. args.Skip(1).Select(a => a.StartsWith("--", StringComparison.Ordinal) ? a[1..] : a)];
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"fasttext {verb}: expected --name value pairs, got '{args[i]}'");
            named[args[i][2..]] = args[++i];
        }
        string model = named.GetValueOrDefault("model") ?? throw new ArgumentException($"fasttext {verb}: --model is required");
        string positionalVerb = verb == "predict" ? "predict-prob" : verb;
        return [positionalVerb, model, named.GetValueOrDefault("input", "-"), named.GetValueOrDefault("k", "1"), named.GetValueOrDefault("threshold", "0")];
    }
}
