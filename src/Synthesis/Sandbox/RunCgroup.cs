using System.Globalization;

namespace YuLanData.Synthesis.Sandbox;

/// <summary>
/// The control group of one sandboxed run: a memory limit and a process-count limit over the whole process tree
/// (every child, thread and tmpfs page of the run is charged to it), made under this process's own cgroup before the
/// run and removed after it, once every process in it has been killed. cgroup v2 where the memory and pids
/// controllers can be enabled below this process's cgroup; otherwise the cgroup v1 memory and pids hierarchies.
/// </summary>
public sealed class RunCgroup : IDisposable
{
    private static readonly Lazy<(CgroupPlacement? Placement, string Reason)> Host = new(FindPlacement);
    private static long _counter;
    private readonly CgroupPlacement _placement;
    private readonly List<string> _dirs = [];
    private bool _disposed;

    /// <summary>Where run cgroups go on this machine, or null when none can be made (see <see cref="UnavailableReason"/>).</summary>
    public static CgroupPlacement? Placement => Host.Value.Placement;

    /// <summary>Why no run cgroup can be made here; empty when one can.</summary>
    public static string UnavailableReason => Host.Value.Reason;

    /// <summary>Makes the cgroup of one run.</summary>
    /// <param name="memoryBytes">Memory limit of the whole tree (RAM plus swap, tmpfs pages included).</param>
    /// <param name="maxProcesses">Most processes and threads alive at once in the tree.</param>
    /// <exception cref="SandboxUnavailableException">This machine has no usable cgroup hierarchy, or the cgroup could not be made.</exception>
    public RunCgroup(long memoryBytes, int maxProcesses)
    {
        _placement = Placement ?? throw new SandboxUnavailableException(UnavailableReason);
        var name = $"yulandata-sandbox-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        var inv = CultureInfo.InvariantCulture;
        try
        {
            if (_placement.Version == 2)
            {
                var dir = Create(Path.Combine(_placement.MemoryParent, name));
                File.WriteAllText(Path.Combine(dir, "memory.max"), memoryBytes.ToString(inv));
                File.WriteAllText(Path.Combine(dir, "memory.swap.max"), "0");
                File.WriteAllText(Path.Combine(dir, "pids.max"), maxProcesses.ToString(inv));
                MemoryDir = PidsDir = dir;
            }
            else
            {
                MemoryDir = Create(Path.Combine(_placement.MemoryParent, name));
                File.WriteAllText(Path.Combine(MemoryDir, "memory.limit_in_bytes"), memoryBytes.ToString(inv));
                var memsw = Path.Combine(MemoryDir, "memory.memsw.limit_in_bytes");
                if (File.Exists(memsw)) File.WriteAllText(memsw, memoryBytes.ToString(inv));
                PidsDir = Create(Path.Combine(_placement.PidsParent, name));
                File.WriteAllText(Path.Combine(PidsDir, "pids.max"), maxProcesses.ToString(inv));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new SandboxUnavailableException($"could not set up the run's cgroup under {_placement.MemoryParent}: {e.Message}", e);
        }
    }

    /// <summary>The cgroup folder holding the memory limit.</summary>
    public string MemoryDir { get; } = "";

    /// <summary>The cgroup folder holding the process limit (the same folder on cgroup v2).</summary>
    public string PidsDir { get; } = "";

    /// <summary>The <c>cgroup.procs</c> files a process writes its pid into to enter this cgroup (one per hierarchy).</summary>
    public IReadOnlyList<string> ProcsFiles => MemoryDir == PidsDir
        ? [Path.Combine(MemoryDir, "cgroup.procs")]
        : [Path.Combine(MemoryDir, "cgroup.procs"), Path.Combine(PidsDir, "cgroup.procs")];

    /// <summary>Whether the kernel killed a process of the tree for the memory limit.</summary>
    public bool OomKilled => Counter(MemoryDir, _placement.Version == 2 ? "memory.events" : "memory.oom_control", "oom_kill") > 0;

    /// <summary>Whether a fork or thread creation in the tree was refused for the process limit.</summary>
    public bool ProcessLimitHit => Counter(PidsDir, "pids.events", "max") > 0;

    /// <summary>The most memory the tree held at once, in bytes (0 where the kernel does not report it).</summary>
    public long PeakMemoryBytes
    {
        get
        {
            var file = Path.Combine(MemoryDir, _placement.Version == 2 ? "memory.peak" : "memory.max_usage_in_bytes");
            try
            {
                return long.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }

    /// <summary>SIGKILLs every process still in the cgroup (a child that left the run's session or ignored its parent's death) until none is left.</summary>
    public void KillAll()
    {
        var procs = Path.Combine(PidsDir, "cgroup.procs");
        for (var round = 0; round < 200; round++)
        {
            string[] pids;
            try
            {
                pids = File.ReadAllLines(procs);
            }
            catch (IOException)
            {
                return;
            }
            if (pids.Length == 0) return;
            var kill = Path.Combine(PidsDir, "cgroup.kill");
            if (_placement.Version == 2 && File.Exists(kill)) File.WriteAllText(kill, "1");
            else
                foreach (var pid in pids)
                    if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) _ = NativeSignals.Kill(id, NativeSignals.SigKill);
            Thread.Sleep(round < 10 ? 1 : 10);
        }
    }

    /// <summary>Kills what is left and removes the cgroup folders.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_dirs.Count > 0) KillAll();
        foreach (var dir in _dirs)
        {
            // A cgroup is removable once its last process has been reaped, which can trail the kill by a moment.
            for (var attempt = 0; attempt < 100; attempt++)
            {
                try
                {
                    Directory.Delete(dir);
                    break;
                }
                catch (IOException) when (attempt < 99)
                {
                    Thread.Sleep(10);
                }
                catch (IOException)
                {
                    // Left behind: empty and harmless, and named after this process.
                }
            }
        }
    }

    private string Create(string dir)
    {
        Directory.CreateDirectory(dir);
        _dirs.Add(dir);
        return dir;
    }

    private static long Counter(string dir, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(dir, file)))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key) return long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
        }
        return 0;
    }

    /// <summary>Reads /proc/self/mountinfo and /proc/self/cgroup to find where this process's cgroups live.</summary>
    private static (CgroupPlacement?, string) FindPlacement()
    {
        if (!OperatingSystem.IsLinux()) return (null, "cgroups exist only on Linux");
        string[] mounts, groups;
        try
        {
            mounts = File.ReadAllLines("/proc/self/mountinfo");
            groups = File.ReadAllLines("/proc/self/cgroup");
        }
        catch (IOException e)
        {
            return (null, $"cannot read /proc/self/mountinfo or /proc/self/cgroup: {e.Message}");
        }
        var reasons = new List<string>();
        // mountinfo: id parent major:minor root mountpoint options [optional fields] - fstype source superoptions
        string? Mounted(Func<string, string[], bool> match, string groupPath)
        {
            foreach (var line in mounts)
            {
                var halves = line.Split(" - ", 2);
                if (halves.Length != 2) continue;
                var left = halves[0].Split(' ');
                var right = halves[1].Split(' ');
                if (left.Length < 5 || right.Length < 3 || !match(right[0], right[2].Split(','))) continue;
                var root = Unescape(left[3]);
                var point = Unescape(left[4]);
                var relative = root == "/" ? groupPath : groupPath.StartsWith(root, StringComparison.Ordinal) ? groupPath[root.Length..] : null;
                if (relative is null) continue;
                return Path.Combine(point, relative.TrimStart('/'));
            }
            return null;
        }
        string? GroupPath(Func<string, bool> controllers)
        {
            foreach (var line in groups)
            {
                var parts = line.Split(':', 3);
                if (parts.Length == 3 && controllers(parts[1])) return parts[2];
            }
            return null;
        }

        var unifiedPath = GroupPath(c => c.Length == 0);
        if (unifiedPath is not null && Mounted((type, _) => type == "cgroup2", unifiedPath) is { } unified)
        {
            var v2 = TryVersion2(unified);
            if (v2 is null) return (new CgroupPlacement(2, unified, unified), "");
            reasons.Add(v2);
        }
        else reasons.Add("no cgroup v2 hierarchy is mounted");

        var memoryPath = GroupPath(c => c.Split(',').Contains("memory"));
        var pidsPath = GroupPath(c => c.Split(',').Contains("pids"));
        var memory = memoryPath is null ? null : Mounted((type, opts) => type == "cgroup" && opts.Contains("memory"), memoryPath);
        var pids = pidsPath is null ? null : Mounted((type, opts) => type == "cgroup" && opts.Contains("pids"), pidsPath);
        if (memory is null || pids is null)
        {
            reasons.Add("the cgroup v1 memory and pids hierarchies are not both mounted");
            return (null, "no cgroup can limit the sandbox's whole process tree: " + string.Join("; ", reasons));
        }
        var probe = $"yulandata-sandbox-probe-{Environment.ProcessId}";
        foreach (var (parent, limitFile) in new[] { (memory, "memory.limit_in_bytes"), (pids, "pids.max") })
        {
            var dir = Path.Combine(parent, probe);
            try
            {
                Directory.CreateDirectory(dir);
                if (!File.Exists(Path.Combine(dir, limitFile))) throw new IOException($"{limitFile} is missing");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reasons.Add($"cannot make a cgroup v1 group under {parent}: {e.Message}");
                return (null, "no cgroup can limit the sandbox's whole process tree: " + string.Join("; ", reasons));
            }
            finally
            {
                try
                {
                    Directory.Delete(dir);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        return (new CgroupPlacement(1, memory, pids), "");
    }

    /// <summary>Null when run cgroups with memory and pids limits can be made under <paramref name="dir"/>; else why not.</summary>
    private static string? TryVersion2(string dir)
    {
        try
        {
            var available = File.ReadAllText(Path.Combine(dir, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!available.Contains("memory") || !available.Contains("pids"))
                return $"cgroup v2 at {dir} offers no memory and pids controllers (they are bound to cgroup v1 or not delegated)";
            var enabled = File.ReadAllText(Path.Combine(dir, "cgroup.subtree_control")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!enabled.Contains("memory") || !enabled.Contains("pids"))
                File.WriteAllText(Path.Combine(dir, "cgroup.subtree_control"), "+memory +pids");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // EBUSY: this process sits in a non-root cgroup with processes, where v2 allows no controlled children.
            return $"cannot enable the memory and pids controllers below {dir}: {e.Message}";
        }
    }

    private static string Unescape(string field) => field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
        .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
