using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace YuLanData.Synthesis.Sandbox;

/// <summary>
/// Runs untrusted Python (programs written by a language model) so that it can neither change nor read this machine,
/// nor starve it. Every run is, from the outside in:
/// <list type="bullet">
/// <item>a cgroup of its own (<see cref="RunCgroup"/>): one memory limit and one process-count limit for the whole
/// process tree, tmpfs pages included; removed after the run, once everything in it has been killed;</item>
/// <item>one shared empty network namespace (<c>nsenter --net</c>; no interface but a down loopback);</item>
/// <item>an unprivileged user: <c>setpriv</c> switches to uid/gid 65534 (nobody) with no supplementary groups, empty
/// inheritable, ambient and bounding capability sets and <c>no_new_privs</c>, so no later exec can gain a privilege;</item>
/// <item>bubblewrap, started by that user: new user (nested namespaces disabled), mount, PID, IPC, UTS and cgroup
/// namespaces, all capabilities dropped; a root holding only the system's programs and libraries read-only, size-limited
/// tmpfs at <c>/tmp</c>, <c>/dev/shm</c> and <c>/sandbox</c> (the working folder, the program copied in); and the
/// <see cref="SeccompDenyList"/> filter (mount, ptrace, keyctl, bpf, unshare, setns, namespace clones, ... refused);</item>
/// <item>per-process limits (set by the harness before the program starts): CPU seconds, address space, file size,
/// open files, no core dumps;</item>
/// <item>a wall-clock kill of the whole tree.</item>
/// </list>
/// A run passes only when a sentinel, random per run, is printed after the program ran to its end: see
/// <see cref="Harness"/>. Where any part cannot be set up the constructor throws <see cref="SandboxUnavailableException"/>
/// saying what is missing: there is no weaker mode.
/// </summary>
public sealed class PythonSandbox
{
    private static readonly Lazy<string> Interpreter = new(FindInterpreter);
    private static readonly Lazy<string?> Unavailable = new(CheckAvailable);
    private static readonly Lazy<string[]> MountArguments = new(FilesystemArguments);
    private static readonly Lazy<byte[]> Filter = new(() => SeccompDenyList.Build(SeccompDenyList.CurrentArch!.Value));
    private static readonly object HolderLock = new();
    private static Process? _holder;
    private const string Inside = "/sandbox";
    private const string ProgramPath = Inside + "/main.py";

    /// <summary>The host uid and gid sandboxed programs run as (nobody/nogroup).</summary>
    public const int SandboxUid = 65534;

    /// <summary>
    /// The Python code run before and after the program. Why a sentinel: passing used to be exit code 0, so a completion
    /// calling <c>sys.exit(0)</c> or <c>os._exit(0)</c> before the tests counted as passing. Now the parent draws 128
    /// random bits per run and hands them over on file descriptor 7, opened by the wrapper shell from a root-only file
    /// outside the sandbox's file system (not in the program's files, argv, environment or stdin). The harness reads and
    /// closes fd 7 before a line of the program runs, runs the program (test code included) with <c>exec</c>, and only
    /// when that returns writes the sentinel to stdout; exiting, being killed or raising before that leaves no sentinel,
    /// so the run fails whatever the exit code. The program cannot guess 128 random bits, and cannot read them from a
    /// file or descriptor. Limit: the value lives in the interpreter the program shares, so a completion written to dig
    /// through the harness's frames or memory could find it, just as it could return an object whose <c>__eq__</c> is
    /// always true; no verdict taken inside the program's own process can rule that out.
    /// </summary>
    internal const string Harness = """
        import os, resource, sys
        def _yulandata_harness():
            sentinel = os.read(7, 64)
            os.closerange(3, 1 << 20)  # fd 7 and whatever this process inherited from the service that started it
            cpu, memory, fsize, nofile = (int(a) for a in sys.argv[1:5])
            # Soft CPU limit: SIGXCPU (reported as a timeout); the hard limit one second later is SIGKILL.
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            sys.argv = ['/sandbox/main.py']
            with open('/sandbox/main.py', 'rb') as f:
                code = compile(f.read(), '/sandbox/main.py', 'exec')
            exec(code, {'__name__': '__main__', '__file__': '/sandbox/main.py', '__builtins__': __builtins__})
            try:
                sys.stdout.flush()
            except Exception:
                pass
            os.write(1, b'\n' + sentinel + b'\n')
        _yulandata_harness()
        """;

    // Enters the run's cgroup(s) and opens, as root, the sentinel (fd 7), program (fd 8) and seccomp filter (fd 9), then
    // execs the rest of the chain. Arguments: sentinel file, program file, filter file, cgroup.procs files..., --, command.
    private const string Wrapper = """
        s=$1; p=$2; f=$3; shift 3
        while [ "$1" != "--" ]; do echo $$ > "$1" || exit 125; shift; done
        shift
        exec 7<"$s" 8<"$p" 9<"$f" || exit 125
        exec "$@"
        """;

    /// <param name="limits">Limits of every run; null uses the defaults.</param>
    /// <exception cref="SandboxUnavailableException">A part of the sandbox cannot be set up on this machine.</exception>
    public PythonSandbox(SandboxLimits? limits = null)
    {
        Limits = limits ?? new SandboxLimits();
        if (Unavailable.Value is { } reason) throw new SandboxUnavailableException(reason);
    }

    /// <summary>Limits of every run.</summary>
    public SandboxLimits Limits { get; }

    /// <summary>Why code cannot be sandboxed on this machine, or null when it can.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>The Python interpreter used (the real executable, not a version-manager shim).</summary>
    public static string PythonPath => Interpreter.Value;

    /// <summary>Runs <paramref name="program"/> (Python source) and waits for it to end or be killed.</summary>
    /// <param name="program">The whole program.</param>
    /// <param name="stdin">Text for standard input; null gives an empty input.</param>
    public SandboxResult Run(string program, string? stdin = null) => RunChecked(program, stdin, Limits);

    private static SandboxResult RunChecked(string program, string? stdin, SandboxLimits limits)
    {
        var folder = Directory.CreateTempSubdirectory("yulandata-sandbox-"); // mode 0700, owned by this (root) process
        try
        {
            var sentinel = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var sentinelFile = Path.Combine(folder.FullName, "sentinel");
            var programFile = Path.Combine(folder.FullName, "main.py");
            var filterFile = Path.Combine(folder.FullName, "seccomp.bpf");
            File.WriteAllText(sentinelFile, sentinel);
            File.WriteAllText(programFile, program, new UTF8Encoding(false));
            File.WriteAllBytes(filterFile, Filter.Value);
            using var cgroup = new RunCgroup(limits.EffectiveTreeMemoryBytes, limits.MaxProcesses);
            var start = new ProcessStartInfo
            {
                FileName = "/bin/sh",
                WorkingDirectory = folder.FullName,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            var inv = CultureInfo.InvariantCulture;
            var size = limits.WritableBytes.ToString(inv);
            string[] args =
            [
                "-c", Wrapper, "sh", sentinelFile, programFile, filterFile, .. cgroup.ProcsFiles, "--",
                "nsenter", $"--net={EmptyNetworkNamespace()}", "--",
                "setpriv", $"--reuid={SandboxUid}", $"--regid={SandboxUid}", "--clear-groups", "--inh-caps=-all", "--ambient-caps=-all",
                "--bounding-set=-all", "--no-new-privs", "--",
                "bwrap", .. MountArguments.Value,
                "--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs", "/dev/shm", "--size", size, "--tmpfs", Inside,
                "--seccomp", "9", "--file", "8", ProgramPath,
                // bwrap's root and /dev are tmpfs too, writable and unsized unless made read-only once everything is in place.
                "--remount-ro", "/dev", "--remount-ro", "/", "--chdir", Inside, "--",
                // The harness sets the per-process limits itself before the program's first line (one exec fewer than prlimit).
                PythonPath, "-I", "-B", "-c", Harness, limits.CpuSeconds.ToString(inv), limits.MemoryBytes.ToString(inv),
                limits.FileSizeBytes.ToString(inv), limits.OpenFiles.ToString(inv),
            ];
            foreach (var a in args) start.ArgumentList.Add(a);
            start.Environment.Clear();
            start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
            start.Environment["LANG"] = "C.UTF-8";
            start.Environment["HOME"] = Inside;
            start.Environment["PYTHONHASHSEED"] = "0";
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sandbox process");
            var stdout = ReadCapped(process.StandardOutput, limits.OutputBytes, "\n" + sentinel + "\n");
            var stderr = ReadCapped(process.StandardError, limits.OutputBytes, null);
            // Written on its own task: a program that never reads a large input must not hold this thread past the wall clock.
            var input = Task.Run(() =>
            {
                try
                {
                    process.StandardInput.Write(stdin ?? "");
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The program exited without reading its input.
                }
            });
            // A refused fork ends the run at once: a fork bomb otherwise keeps its 32 processes spinning (and the CPU
            // busy) until the wall clock, and a test program has no business near the process limit.
            var wall = TimeSpan.FromSeconds(limits.WallSeconds);
            bool finished, forkRefused = false;
            while (!(finished = process.WaitForExit(TimeSpan.FromMilliseconds(Math.Min(50, wall.TotalMilliseconds)))) && clock.Elapsed < wall)
            {
                if (!cgroup.ProcessLimitHit) continue;
                forkRefused = true;
                break;
            }
            // Everything the run started is in its cgroup, the wrapper chain included: killing the cgroup's processes
            // ends the run (and whatever is left after a normal exit, which would hold the output pipes open) without
            // walking a process tree that a fork bomb keeps changing.
            cgroup.KillAll();
            if (!finished)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
            process.WaitForExit(); // drains the output readers
            input.GetAwaiter().GetResult();
            var (output, completed) = stdout.GetAwaiter().GetResult();
            var (errors, _) = stderr.GetAwaiter().GetResult();
            clock.Stop();
            var code = finished ? process.ExitCode : -1;
            var outcome = forkRefused ? SandboxOutcome.ProcessLimit : Classify(finished, code, completed, errors, cgroup);
            if (finished && code == 0 && !completed)
                errors += (errors.Length == 0 || errors.EndsWith('\n') ? "" : "\n") + "sandbox: exit code 0 but the program did not run to its end (no sentinel): failed\n";
            return new SandboxResult(outcome, code, output, errors, clock.Elapsed, completed, cgroup.PeakMemoryBytes);
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static SandboxOutcome Classify(bool finished, int code, bool completed, string stderr, RunCgroup cgroup)
    {
        if (!finished) return SandboxOutcome.Timeout;
        if (code == 0 && completed) return SandboxOutcome.Passed;
        if (cgroup.OomKilled || stderr.Contains("MemoryError", StringComparison.Ordinal)) return SandboxOutcome.MemoryExceeded;
        if (code == 128 + 24) return SandboxOutcome.Timeout; // SIGXCPU: CPU limit
        if (cgroup.ProcessLimitHit) return SandboxOutcome.ProcessLimit;
        return code switch
        {
            128 + 9 => SandboxOutcome.Killed,          // SIGKILL (CPU hard limit)
            128 + 25 => SandboxOutcome.Killed,         // SIGXFSZ: file size limit
            > 128 => SandboxOutcome.Killed,
            _ => SandboxOutcome.Failed,
        };
    }

    /// <summary>
    /// The path of the shared empty network namespace: <c>/proc/PID/ns/net</c> of a <c>unshare -n -- cat</c> child whose
    /// standard input is a pipe from this process, so it ends when this process ends, however it ends. (Creating a
    /// namespace per run costs about 0.9 s here; entering one about 0.2 s.)
    /// </summary>
    private static string EmptyNetworkNamespace()
    {
        lock (HolderLock)
        {
            if (_holder is { HasExited: false } alive) return $"/proc/{alive.Id}/ns/net";
            _holder?.Dispose();
            var start = new ProcessStartInfo("unshare") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "-n", "--", "cat" }) start.ArgumentList.Add(a);
            var holder = Process.Start(start) ?? throw new InvalidOperationException("could not start 'unshare -n'");
            var own = new FileInfo("/proc/self/ns/net").LinkTarget;
            var path = $"/proc/{holder.Id}/ns/net";
            var clock = Stopwatch.StartNew();
            // unshare switches namespace, then execs cat: wait until the child is in a namespace other than ours.
            while (new FileInfo(path).LinkTarget is var target && (target is null || target == own))
            {
                if (holder.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
                    throw new InvalidOperationException($"'unshare -n' did not create a network namespace (exited: {holder.HasExited})");
                Thread.Sleep(5);
            }
            _holder = holder;
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    holder.Kill();
                }
                catch (InvalidOperationException)
                {
                }
            };
            return path;
        }
    }

    /// <summary>
    /// bubblewrap's namespace and mount arguments: a root holding only the system's programs and libraries, read-only
    /// (<c>/usr</c>, the top-level folders that are links into it or read-only binds where they are real folders, the
    /// interpreter's own prefix when it lives elsewhere, the few files of <c>/etc</c> that Python and the loader read).
    /// </summary>
    private static string[] FilesystemArguments()
    {
        var sid = SandboxUid.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "--unshare-user", "--uid", sid, "--gid", sid, "--disable-userns", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/usr", "/usr", "--dev", "/dev", "--proc", "/proc", "--dir", "/etc",
        };
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" })
        {
            var info = new DirectoryInfo(top);
            if (info.LinkTarget is { } target) args.AddRange(["--symlink", target, top]);
            else if (info.Exists) args.AddRange(["--ro-bind", top, top]);
        }
        foreach (var file in new[] { "/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives" })
            args.AddRange(["--ro-bind-try", file, file]);
        if (OutsidePrefix is { } prefix) args.AddRange(["--ro-bind", prefix, prefix]);
        return args.ToArray();
    }

    /// <summary>The interpreter's installation prefix when it is outside <c>/usr</c> (e.g. a pyenv build), else null.</summary>
    private static string? OutsidePrefix
    {
        get
        {
            var interpreter = Path.GetFullPath(Interpreter.Value);
            return interpreter.StartsWith("/usr/", StringComparison.Ordinal) ? null : Path.GetDirectoryName(Path.GetDirectoryName(interpreter))!; // .../bin/python3 -> ...
        }
    }

    /// <summary>Null when every part of the sandbox works here (checked by running a program through it); else what is missing.</summary>
    private static string? CheckAvailable()
    {
        if (!OperatingSystem.IsLinux()) return "it needs Linux";
        if (SeccompDenyList.CurrentArch is null) return $"no seccomp filter for {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture} (x86_64 and aarch64 only)";
        try
        {
            _ = Interpreter.Value;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        var missing = new[] { "bwrap", "setpriv", "nsenter", "unshare" }.Where(p => !OnPath(p)).ToArray();
        if (missing.Length > 0)
            return $"missing on PATH: {string.Join(", ", missing)} (Debian packages bubblewrap and util-linux)";
        if (RunCgroup.Placement is null) return RunCgroup.UnavailableReason;
        try
        {
            _ = EmptyNetworkNamespace();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"cannot make an empty network namespace ('unshare -n' needs root or CAP_SYS_ADMIN): {e.Message}";
        }
        SandboxResult probe;
        try
        {
            probe = RunChecked("print('ok')\n", null, new SandboxLimits { CpuSeconds = 5, WallSeconds = 30 });
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return $"a probe run failed to start: {e.Message}";
        }
        if (probe.Outcome != SandboxOutcome.Passed || probe.Stdout != "ok\n")
            return $"a probe run through bubblewrap (unprivileged user namespace as uid {SandboxUid}, seccomp, tmpfs size limits) did not pass " +
                   $"(exit {probe.ExitCode}): {probe.Stderr.Trim()}";
        return null;
    }

    /// <summary>Reads the whole stream, keeping its first <paramref name="limit"/> characters, and says whether <paramref name="marker"/> occurred anywhere in it (removed from the kept text).</summary>
    private static async Task<(string Text, bool SawMarker)> ReadCapped(StreamReader reader, int limit, string? marker)
    {
        var sb = new StringBuilder();
        var buffer = new char[8192];
        var carry = "";
        var saw = false;
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (sb.Length < limit + (marker?.Length ?? 0)) sb.Append(buffer, 0, Math.Min(n, limit + (marker?.Length ?? 0) - sb.Length));
            if (marker is null || saw) continue;
            var window = carry + new string(buffer, 0, n);
            saw = window.Contains(marker, StringComparison.Ordinal);
            carry = window.Length < marker.Length ? window : window[^(marker.Length - 1)..];
        }
        var text = sb.ToString();
        if (marker is not null && saw)
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) text = text.Remove(at, marker.Length);
        }
        return (text.Length > limit ? text[..limit] : text, saw);
    }

    private static bool OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, file)));

    /// <summary>
    /// The first of <c>python3</c> on PATH and <c>/usr/bin/python3</c> (as real executables, not version-manager shims)
    /// that uid <see cref="SandboxUid"/> can run: bubblewrap, started as that user, must reach the interpreter's folder
    /// (a pyenv build under <c>/root</c>, mode 0700, it cannot).
    /// </summary>
    private static string FindInterpreter()
    {
        var tried = new List<string>();
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            string path;
            try
            {
                var start = new ProcessStartInfo(candidate) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("import sys; print(sys.executable)");
                using var p = Process.Start(start) ?? throw new InvalidOperationException($"{candidate} did not start");
                path = p.StandardOutput.ReadToEnd().Trim();
                p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0 || !File.Exists(path))
                {
                    tried.Add($"{candidate} could not report its executable (exit {p.ExitCode})");
                    continue;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                tried.Add($"{candidate} not found");
                continue;
            }
            if (UnreachableFolder(path) is { } folder) tried.Add($"{path} is below {folder}, which uid {SandboxUid} cannot enter");
            else return path;
        }
        throw new InvalidOperationException("the sandbox needs a python3 that uid 65534 can run: " + string.Join("; ", tried));
    }

    /// <summary>The first folder on the way to <paramref name="file"/> that others may not search, or null when others can run the file.</summary>
    private static string? UnreachableFolder(string file)
    {
        if (OperatingSystem.IsWindows()) return null;
        var full = Path.GetFullPath(file);
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0) return dir;
        var real = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        return (File.GetUnixFileMode(real) & (UnixFileMode.OtherExecute | UnixFileMode.OtherRead)) == (UnixFileMode.OtherExecute | UnixFileMode.OtherRead)
            ? null
            : real;
    }
}
