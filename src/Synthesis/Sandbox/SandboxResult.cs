namespace YuLanData.Synthesis.Sandbox;

/// <summary>The result of one sandboxed run.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="ExitCode">Process exit code (128 + signal when killed by a signal); -1 when killed for the wall-clock limit.</param>
/// <param name="Stdout">Standard output, cut to the limit, without the harness's sentinel line.</param>
/// <param name="Stderr">Standard error, cut to the limit.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="RanToEnd">Whether the harness printed the run's sentinel, i.e. the program ran to its end without exiting or being killed.</param>
/// <param name="PeakMemoryBytes">The most memory the run's whole process tree held at once (its cgroup's peak; 0 where not reported).</param>
public sealed record SandboxResult(SandboxOutcome Outcome, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool RanToEnd, long PeakMemoryBytes)
{
    /// <summary>The last non-empty line of stderr (usually the exception), or empty.</summary>
    public string LastErrorLine => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
