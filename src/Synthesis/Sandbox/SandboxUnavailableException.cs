namespace YuLanData.Synthesis.Sandbox;

/// <summary>
/// Code verification is refused on this machine: a part the sandbox's promises rest on (bubblewrap with unprivileged
/// user namespaces, seccomp, a cgroup limiting the whole process tree, an empty network namespace) cannot be set up.
/// The message says which and why; there is no weaker fallback.
/// </summary>
public sealed class SandboxUnavailableException : InvalidOperationException
{
    /// <param name="message">What is missing and why.</param>
    public SandboxUnavailableException(string message) : base("the code sandbox cannot run here: " + message) { }

    /// <param name="message">What is missing and why.</param>
    /// <param name="inner">The error that showed it.</param>
    public SandboxUnavailableException(string message, Exception inner) : base("the code sandbox cannot run here: " + message, inner) { }
}
