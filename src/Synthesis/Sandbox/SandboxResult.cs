namespace YuLanData.Synthesis.Sandbox;

/// <summary>The result of one sandboxed run.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="ExitCode">Process exit code (128 + signal when killed by a signal); -1 when killed for the wall-clock limit.</param>
/// <param name="Stdout">Standard output, cut to the limit.</param>
/// <param name="Stderr">Standard error, cut to the limit.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="NetworkIsolated">Whether the run had its own empty network namespace (no network at all).</param>
/// <param name="FilesystemIsolated">Whether the run saw only the system's programs (read-only), a private /tmp and its own folder.</param>
public sealed record SandboxResult(SandboxOutcome Outcome, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool NetworkIsolated, bool FilesystemIsolated)
{
    /// <summary>The last non-empty line of stderr (usually the exception), or empty.</summary>
    public string LastErrorLine => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
