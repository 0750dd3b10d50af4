namespace YuLanData.Synthesis.Sandbox;

/// <summary>Resource limits of one sandboxed run.</summary>
public sealed record SandboxLimits
{
    /// <summary>CPU seconds (RLIMIT_CPU; the kernel sends SIGXCPU, then SIGKILL).</summary>
    public int CpuSeconds { get; init; } = 5;
    /// <summary>Wall-clock seconds after which the process tree is killed (catches sleeping or blocked programs).</summary>
    public double WallSeconds { get; init; } = 10;
    /// <summary>Address-space bytes (RLIMIT_AS); allocation beyond it fails with MemoryError.</summary>
    public long MemoryBytes { get; init; } = 512L << 20;
    /// <summary>Largest file the program may write (RLIMIT_FSIZE).</summary>
    public long FileSizeBytes { get; init; } = 16L << 20;
    /// <summary>Open files (RLIMIT_NOFILE).</summary>
    public int OpenFiles { get; init; } = 64;
    /// <summary>Bytes of stdout and of stderr kept.</summary>
    public int OutputBytes { get; init; } = 64 << 10;
}
