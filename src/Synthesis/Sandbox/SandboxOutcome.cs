namespace YuLanData.Synthesis.Sandbox;

/// <summary>How a sandboxed program ended.</summary>
public enum SandboxOutcome
{
    /// <summary>Exit code 0.</summary>
    Passed,
    /// <summary>Non-zero exit (an assertion or other exception).</summary>
    Failed,
    /// <summary>The CPU or wall-clock limit was hit.</summary>
    Timeout,
    /// <summary>The memory limit was hit (MemoryError, or killed while allocating).</summary>
    MemoryExceeded,
    /// <summary>Killed by a signal for another reason.</summary>
    Killed,
}
