namespace YuLanData.Synthesis.Sandbox;

/// <summary>Resource limits of one sandboxed run.</summary>
public sealed record SandboxLimits
{
    /// <summary>CPU seconds per process (RLIMIT_CPU; the kernel sends SIGXCPU, then SIGKILL).</summary>
    public int CpuSeconds { get; init; } = 5;
    /// <summary>Wall-clock seconds after which the process tree is killed (catches sleeping or blocked programs).</summary>
    public double WallSeconds { get; init; } = 10;
    /// <summary>Address-space bytes of each process (RLIMIT_AS); allocation beyond it fails with MemoryError.</summary>
    public long MemoryBytes { get; init; } = 512L << 20;
    /// <summary>
    /// Memory of the whole process tree, files in its tmpfs folders included (a cgroup limit; beyond it the kernel kills
    /// the largest process). Null: <see cref="MemoryBytes"/> plus 64 MiB, so that one process alone meets its own
    /// address-space limit (a clean MemoryError) before the tree's limit, where the kernel would first thrash the
    /// interpreter's file pages.
    /// </summary>
    public long? TreeMemoryBytes { get; init; }
    /// <summary>The tree's memory limit in force: <see cref="TreeMemoryBytes"/> or its default.</summary>
    public long EffectiveTreeMemoryBytes => TreeMemoryBytes ?? MemoryBytes + (64L << 20);
    /// <summary>Largest file the program may write (RLIMIT_FSIZE).</summary>
    public long FileSizeBytes { get; init; } = 16L << 20;
    /// <summary>Size of each writable folder (<c>/sandbox</c>, <c>/tmp</c>, <c>/dev/shm</c>: memory-backed tmpfs); writing beyond it fails with ENOSPC.</summary>
    public long WritableBytes { get; init; } = 64L << 20;
    /// <summary>Most processes and threads of the run alive at once (cgroup pids limit; a fork beyond it fails with EAGAIN).</summary>
    public int MaxProcesses { get; init; } = 32;
    /// <summary>Open files (RLIMIT_NOFILE).</summary>
    public int OpenFiles { get; init; } = 64;
    /// <summary>Bytes of stdout and of stderr kept.</summary>
    public int OutputBytes { get; init; } = 64 << 10;
}
