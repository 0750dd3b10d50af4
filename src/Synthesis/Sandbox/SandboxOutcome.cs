namespace YuLanData.Synthesis.Sandbox;

/// <summary>How a sandboxed program ended.</summary>
public enum SandboxOutcome
{
    /// <summary>Ran to its end (the harness printed the run's sentinel) and exited with code 0.</summary>
    Passed,
    /// <summary>Non-zero exit (an assertion or other exception), or exit 0 before the program's end (no sentinel).</summary>
    Failed,
    /// <summary>The CPU or wall-clock limit was hit.</summary>
    Timeout,
    /// <summary>The memory limit was hit (MemoryError, or a process of the tree killed by the cgroup's limit).</summary>
    MemoryExceeded,
    /// <summary>Killed by a signal for another reason.</summary>
    Killed,
    /// <summary>A fork or thread creation was refused for the process-count limit (the run is killed at once).</summary>
    ProcessLimit,
}
