using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace YuLanData.Synthesis.Sandbox;

/// <summary>
/// Runs untrusted Python in a child process: its own temporary working folder, an empty environment, <c>python3 -I</c>
/// (no user site, no PYTHON* variables), resource limits set by <c>prlimit</c> (CPU seconds, address space, file
/// size, open files), a wall-clock kill of the whole process tree, and no network: every run enters (<c>nsenter --net</c>)
/// one empty network namespace made once by <c>unshare -n</c> and held by a child process for the life of this
/// process (creating a namespace per run costs about 0.9 s here; entering one about 0.2 s). That needs the right
/// to create namespaces (root, as on these machines). Where it is missing, runs still get the limits but can reach
/// the network: <see cref="NetworkIsolated"/> says which applies, and the job logs a warning. With bubblewrap
/// (<c>bwrap</c>) on PATH the program also gets its own mount, PID, IPC and UTS namespaces in which only the system's
/// programs and libraries exist (read-only), with an empty private <c>/tmp</c> and its working folder as
/// <c>/sandbox</c>: it can neither read nor change anything else on the machine, nor see or signal other processes
/// (<see cref="FilesystemIsolated"/>; without bwrap the job logs a warning and the program runs as this user).
/// </summary>
public sealed class PythonSandbox
{
    private static readonly Lazy<string> Interpreter = new(FindInterpreter);
    private static readonly Lazy<bool> CanUnshare = new(() => Probe("unshare", ["-n", "true"]) && Probe("nsenter", ["--version"]));
    private static readonly object HolderLock = new();
    private static Process? _holder;
    private static readonly Lazy<bool> HasPrlimit = new(() => Probe("prlimit", ["--version"]));
    private static readonly Lazy<string[]?> MountArguments = new(FilesystemArguments);
    private const string Inside = "/sandbox";

    /// <param name="limits">Limits of every run; null uses the defaults.</param>
    public PythonSandbox(SandboxLimits? limits = null)
    {
        Limits = limits ?? new SandboxLimits();
        if (!HasPrlimit.Value) throw new InvalidOperationException("the sandbox needs 'prlimit' (util-linux) on PATH");
    }

    /// <summary>Limits of every run.</summary>
    public SandboxLimits Limits { get; }

    /// <summary>Whether runs get an empty network namespace on this machine.</summary>
    public static bool NetworkIsolated => CanUnshare.Value;

    /// <summary>Whether runs see only read-only system files, a private /tmp and their own folder (bubblewrap works here).</summary>
    public static bool FilesystemIsolated => MountArguments.Value is not null;

    /// <summary>The Python interpreter used (the real executable, not a version-manager shim).</summary>
    public static string PythonPath => Interpreter.Value;

    /// <summary>Runs <paramref name="program"/> (Python source) and waits for it to end or be killed.</summary>
    /// <param name="program">The whole program.</param>
    /// <param name="stdin">Text for standard input; null gives an empty input.</param>
    public SandboxResult Run(string program, string? stdin = null)
    {
        var folder = Directory.CreateTempSubdirectory("yulandata-sandbox-");
        try
        {
            var script = Path.Combine(folder.FullName, "main.py");
            File.WriteAllText(script, program, new UTF8Encoding(false));
            var start = new ProcessStartInfo
            {
                FileName = NetworkIsolated ? "nsenter" : "prlimit",
                WorkingDirectory = folder.FullName,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            if (NetworkIsolated)
            {
                start.ArgumentList.Add($"--net={EmptyNetworkNamespace()}");
                start.ArgumentList.Add("--");
            }
            var mounts = MountArguments.Value;
            if (mounts is not null)
            {
                if (!NetworkIsolated) start.FileName = "bwrap";
                else start.ArgumentList.Add("bwrap");
                foreach (var a in mounts) start.ArgumentList.Add(a);
                start.ArgumentList.Add("--bind");
                start.ArgumentList.Add(folder.FullName);
                start.ArgumentList.Add(Inside);
                start.ArgumentList.Add("--chdir");
                start.ArgumentList.Add(Inside);
                start.ArgumentList.Add("--");
            }
            if (NetworkIsolated || mounts is not null) start.ArgumentList.Add("prlimit");
            var inv = CultureInfo.InvariantCulture;
            // Soft CPU limit: SIGXCPU (reported as a timeout); the hard limit one second later is SIGKILL.
            start.ArgumentList.Add($"--cpu={Limits.CpuSeconds.ToString(inv)}:{(Limits.CpuSeconds + 1).ToString(inv)}");
            start.ArgumentList.Add($"--as={Limits.MemoryBytes.ToString(inv)}");
            start.ArgumentList.Add($"--fsize={Limits.FileSizeBytes.ToString(inv)}");
            start.ArgumentList.Add($"--nofile={Limits.OpenFiles.ToString(inv)}");
            start.ArgumentList.Add("--core=0");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(PythonPath);
            start.ArgumentList.Add("-I");
            start.ArgumentList.Add("-B");
            start.ArgumentList.Add(mounts is null ? script : Inside + "/main.py");
            start.Environment.Clear();
            start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
            start.Environment["LANG"] = "C.UTF-8";
            start.Environment["HOME"] = mounts is null ? folder.FullName : Inside;
            start.Environment["PYTHONHASHSEED"] = "0";
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sandbox process");
            var stdout = ReadCapped(process.StandardOutput, Limits.OutputBytes);
            var stderr = ReadCapped(process.StandardError, Limits.OutputBytes);
            try
            {
                process.StandardInput.Write(stdin ?? "");
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading its input.
            }
            var finished = process.WaitForExit(TimeSpan.FromSeconds(Limits.WallSeconds));
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
                process.WaitForExit();
            }
            process.WaitForExit(); // drains the output readers
            var output = stdout.GetAwaiter().GetResult();
            var errors = stderr.GetAwaiter().GetResult();
            clock.Stop();
            var code = finished ? process.ExitCode : -1;
            return new SandboxResult(Classify(finished, code, errors), code, output, errors, clock.Elapsed, NetworkIsolated, mounts is not null);
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

    /// <summary>
    /// The path of the shared empty network namespace: <c>/proc/PID/ns/net</c> of a <c>unshare -n -- cat</c> child whose
    /// standard input is a pipe from this process, so it ends when this process ends, however it ends.
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
    /// bubblewrap's arguments for a root holding only the system's programs and libraries, read-only: <c>/usr</c>, the
    /// top-level folders that are links into it (or read-only binds where they are real folders), the interpreter's
    /// own prefix when it lives elsewhere, and the few files of <c>/etc</c> that Python and the loader read. Null when
    /// bwrap is missing or cannot create namespaces here.
    /// </summary>
    private static string[]? FilesystemArguments()
    {
        var args = new List<string>
        {
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--dir", "/etc",
        };
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" })
        {
            var info = new DirectoryInfo(top);
            if (info.LinkTarget is { } target) args.AddRange(["--symlink", target, top]);
            else if (info.Exists) args.AddRange(["--ro-bind", top, top]);
        }
        foreach (var file in new[] { "/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives" })
            args.AddRange(["--ro-bind-try", file, file]);
        var interpreter = Path.GetFullPath(Interpreter.Value);
        if (!interpreter.StartsWith("/usr/", StringComparison.Ordinal))
        {
            var prefix = Path.GetDirectoryName(Path.GetDirectoryName(interpreter))!; // .../bin/python3 -> ...
            args.AddRange(["--ro-bind", prefix, prefix]);
        }
        var probe = new List<string>(args) { "--", interpreter, "-I", "-c", "pass" };
        return Probe("bwrap", probe.ToArray()) ? args.ToArray() : null;
    }

    private static SandboxOutcome Classify(bool finished, int code, string stderr)
    {
        if (!finished) return SandboxOutcome.Timeout;
        if (code == 0) return SandboxOutcome.Passed;
        if (stderr.Contains("MemoryError", StringComparison.Ordinal)) return SandboxOutcome.MemoryExceeded;
        return code switch
        {
            128 + 24 => SandboxOutcome.Timeout,        // SIGXCPU: CPU limit
            128 + 9 => SandboxOutcome.Killed,          // SIGKILL (CPU hard limit, OOM killer)
            128 + 25 => SandboxOutcome.Killed,         // SIGXFSZ: file size limit
            > 128 => SandboxOutcome.Killed,
            _ => SandboxOutcome.Failed,
        };
    }

    private static async Task<string> ReadCapped(StreamReader reader, int limit)
    {
        var sb = new StringBuilder();
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            if (sb.Length < limit) sb.Append(buffer, 0, Math.Min(n, limit - sb.Length));
        return sb.ToString();
    }

    private static bool Probe(string file, string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start);
            if (p is null) return false;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string FindInterpreter()
    {
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import sys; print(sys.executable)");
            using var p = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            var path = p.StandardOutput.ReadToEnd().Trim();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0 || !File.Exists(path)) throw new InvalidOperationException($"python3 could not report its executable (exit {p.ExitCode})");
            return path;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("the sandbox needs python3 on PATH", e);
        }
    }
}
