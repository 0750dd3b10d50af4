using System.Diagnostics;
using System.Text;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>Runs the reference fastText 0.9.2 CLI (Debian package <c>fasttext</c>, /usr/bin/fasttext).</summary>
internal static class FastTextCli
{
    public const string Path = "/usr/bin/fasttext";

    public static bool Available => File.Exists(Path);

    /// <summary>Runs the CLI and returns its stdout; throws with stderr when it fails.</summary>
    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"fasttext {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        return stdout;
    }

    /// <summary>Parses one line of <c>predict-prob</c> output into (label, probability) pairs.</summary>
    public static List<(string Label, double Probability)> ParsePredictLine(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<(string, double)>();
        for (int i = 0; i + 1 < parts.Length; i += 2)
            result.Add((parts[i], double.Parse(parts[i + 1], System.Globalization.CultureInfo.InvariantCulture)));
        return result;
    }
}
