using System.Security.Cryptography;
using YuLanData.Cli.Commands;
using YuLanData.Synthesis.Job;

namespace YuLanData.Synthesis.Tests;

/// <summary>Runs a synthesis job as the CLI does, and fingerprints what it wrote.</summary>
internal static class SynthesisRuns
{
    /// <summary>Runs the job; returns its exit code and everything it logged.</summary>
    public static (int Code, string Log) Run(SynthesisJobOptions options)
    {
        var log = new StringWriter();
        var code = SynthesizeCommand.Run(options, log);
        return (code, log.ToString());
    }

    /// <summary>SHA-256 of every file under <paramref name="dir"/> by relative path, <c>run.json</c> (timings) left out.</summary>
    public static Dictionary<string, string> FileHashes(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith("run.json", StringComparison.Ordinal))
        .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
