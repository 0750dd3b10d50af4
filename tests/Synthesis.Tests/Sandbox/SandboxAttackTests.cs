using System.Diagnostics;
using Xunit.Abstractions;
using YuLanData.Inference.Generation;
using YuLanData.Synthesis.Sandbox;
using YuLanData.Synthesis.Templates;
using YuLanData.Synthesis.Verification;

namespace YuLanData.Synthesis.Tests;

/// <summary>
/// The probes of issue 17 against the real sandbox (bubblewrap, cgroups, seccomp, real Python): each one succeeded on
/// the sandbox before it (root with nearly all capabilities inside, per-process limits only, exit code 0 = pass).
/// </summary>
[Collection(SandboxCollection.Name)]
public class SandboxAttackTests(ITestOutputHelper output)
{
    private static readonly PythonSandbox Sandbox = new(new SandboxLimits { CpuSeconds = 2, WallSeconds = 10, MemoryBytes = 256L << 20 });

    private static Dictionary<string, string> Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    /// <summary>Seen from the host, the program is uid/gid 65534 with no capability in any set, no_new_privs and a seccomp filter.</summary>
    [Fact]
    public async Task ProgramRunsWithoutPrivilege()
    {
        var marker = "yld" + Guid.NewGuid().ToString("N")[..12]; // a comm name is at most 15 bytes
        var program = $"import time\nopen('/proc/self/comm', 'w').write('{marker}')\ntime.sleep(3)\n";
        var run = Task.Run(() => Sandbox.Run(program));
        string? status = null;
        var clock = Stopwatch.StartNew();
        while (status is null && clock.Elapsed < TimeSpan.FromSeconds(8) && !run.IsCompleted)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == marker) status = File.ReadAllText(Path.Combine(dir, "status"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
            Thread.Sleep(20);
        }
        Assert.Equal(SandboxOutcome.Passed, (await run).Outcome);
        Assert.NotNull(status);
        var fields = status!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        Assert.Equal("65534\t65534\t65534\t65534", fields["Uid"]);
        Assert.Equal("65534\t65534\t65534\t65534", fields["Gid"]);
        foreach (var set in new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" }) Assert.True(fields[set] == "0000000000000000", $"{set} {fields[set]}");
        Assert.Equal("1", fields["NoNewPrivs"]);
        Assert.Equal("2", fields["Seccomp"]); // filter mode
    }

    [Fact]
    public void CapabilitiesInsideAreEmpty()
    {
        var r = Sandbox.Run("for l in open('/proc/self/status'):\n    if l.startswith(('Cap', 'NoNewPrivs', 'Seccomp:')):\n        print(l.split(':')[0], l.split()[1])\n");
        Assert.Equal(SandboxOutcome.Passed, r.Outcome);
        var lines = Lines(r.Stdout);
        Assert.Equal("0000000000000000", lines["CapEff"]);
        Assert.Equal("0000000000000000", lines["CapPrm"]);
        Assert.Equal("0000000000000000", lines["CapBnd"]);
        Assert.Equal("0000000000000000", lines["CapAmb"]);
        Assert.Equal("1", lines["NoNewPrivs"]);
    }

    /// <summary>Issue probe: <c>mount -o remount,rw /usr</c> then a write used to land in the host's /usr.</summary>
    [Fact]
    public void RemountingUsrIsRefusedAndTheHostUsrIsUntouched()
    {
        var name = "yulandata-probe-" + Guid.NewGuid().ToString("N");
        var program = $$"""
            import ctypes, os, subprocess
            r = subprocess.run(['mount', '-o', 'remount,rw', '/usr'], capture_output=True)
            print('mount_rc', r.returncode)
            libc = ctypes.CDLL(None, use_errno=True)
            MS_REMOUNT, MS_BIND = 32, 4096
            rc = libc.mount(None, b'/usr', None, MS_REMOUNT | MS_BIND, None)
            print('mount_call', rc, ctypes.get_errno())
            try:
                open('/usr/{{name}}', 'w').write('x')
                print('write ok')
            except OSError as e:
                print('write', e.errno)
            """;
        try
        {
            var r = Sandbox.Run(program);
            var lines = Lines(r.Stdout);
            Assert.NotEqual("0", lines["mount_rc"]);
            Assert.Equal("-1 1", lines["mount_call"]); // EPERM from the seccomp filter
            Assert.NotEqual("ok", lines["write"]);
            Assert.False(File.Exists("/usr/" + name), "the sandboxed write reached the host's /usr");
        }
        finally
        {
            File.Delete("/usr/" + name);
        }
    }

    /// <summary>ptrace, unshare (user and network namespaces), setns, keyctl, add_key, bpf and namespace clones fail with EPERM; fork and threads still work.</summary>
    [Fact]
    public void SeccompRefusesTracingNamespacesAndKeys()
    {
        var arch = SeccompDenyList.CurrentArch!.Value;
        var nr = SeccompDenyList.Numbers(arch);
        var program = $$"""
            import ctypes, os, threading
            libc = ctypes.CDLL(None, use_errno=True)
            def call(name, f):
                ctypes.set_errno(0)
                rc = f()
                print(name, rc, ctypes.get_errno())
            call('ptrace', lambda: libc.ptrace(0, 0, None, None))  # PTRACE_TRACEME
            call('unshare_user', lambda: libc.unshare(0x10000000))
            call('unshare_net', lambda: libc.unshare(0x40000000))
            call('unshare_mount', lambda: libc.unshare(0x00020000))
            fd = os.open('/proc/self/ns/uts', os.O_RDONLY)
            call('setns', lambda: libc.setns(fd, 0))
            call('keyctl', lambda: libc.syscall({{nr["keyctl"]}}, 0, -3, 0))  # KEYCTL_GET_KEYRING_ID of the session keyring
            call('add_key', lambda: libc.syscall({{nr["add_key"]}}, b'user', b'k', b'v', 1, -3))
            call('bpf', lambda: libc.syscall({{nr["bpf"]}}, 0, None, 0))
            call('clone_newuser', lambda: libc.syscall({{nr["clone"]}}, 0x10000000 | 17, None, None, None, None))
            pid = os.fork()
            if pid == 0:
                os._exit(7)
            print('fork', os.waitpid(pid, 0)[1] >> 8, 0)
            t = threading.Thread(target=lambda: None)
            t.start(); t.join()
            print('thread', 0, 0)
            """;
        var r = Sandbox.Run(program);
        Assert.Equal(SandboxOutcome.Passed, r.Outcome);
        var lines = Lines(r.Stdout);
        foreach (var call in new[] { "ptrace", "unshare_user", "unshare_net", "unshare_mount", "setns", "keyctl", "add_key", "bpf", "clone_newuser" })
            Assert.True(lines[call] == "-1 1", $"{call}: {lines[call]} (want -1 EPERM)");
        Assert.Equal("7 0", lines["fork"]);
        Assert.Equal("0 0", lines["thread"]);
    }

    /// <summary>Issue probe: <c>while True: os.fork()</c> took process slots machine-wide until the wall-clock kill.</summary>
    [Fact]
    public async Task ForkBombIsContained()
    {
        var sandbox = new PythonSandbox(Sandbox.Limits with { WallSeconds = 30 });
        var clock = Stopwatch.StartNew();
        var bomb = Task.Run(() => sandbox.Run("import os\nwhile True:\n    os.fork()\n"));
        // While it runs, this process can still start threads and processes.
        var started = 0;
        while (!bomb.IsCompleted && started < 50)
        {
            var thread = new Thread(() => { });
            thread.Start();
            thread.Join();
            using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            started++;
        }
        var r = await bomb;
        clock.Stop();
        output.WriteLine($"fork bomb: {r.Outcome} after {r.Elapsed.TotalMilliseconds:F0} ms; {started} threads and processes started meanwhile");
        Assert.Equal(SandboxOutcome.ProcessLimit, r.Outcome);
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(8), $"the fork bomb ran {r.Elapsed} (wall limit 30 s)");
        Assert.Equal(SandboxOutcome.Passed, Sandbox.Run("print('after')\n").Outcome);
    }

    /// <summary>Issue probe: 4 children x 400 MB reached 891 MiB under a 512 MiB per-process limit; the tree's limit here is 576 MiB.</summary>
    [Fact]
    public void MemoryLimitCoversTheWholeProcessTree()
    {
        var sandbox = new PythonSandbox(new SandboxLimits { CpuSeconds = 10, WallSeconds = 30, MemoryBytes = 512L << 20 });
        const string program = """
            import os, time
            r, w = os.pipe()
            pids = []
            for i in range(4):
                pid = os.fork()
                if pid == 0:
                    block = b'x' * (400 << 20)
                    os.write(w, b'1')
                    time.sleep(3)
                    os._exit(0)
                pids.append(pid)
            os.close(w)
            held = 0
            while os.read(r, 1):
                held += 1
            codes = [os.waitpid(p, 0)[1] for p in pids]
            print('held', held)
            print('killed', sum(1 for c in codes if os.WIFSIGNALED(c)))
            """;
        var r = sandbox.Run(program);
        var lines = Lines(r.Stdout);
        output.WriteLine($"4 x 400 MB: held {lines["held"]}, killed {lines["killed"]}, peak {r.PeakMemoryBytes >> 20} MiB, {r.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(int.Parse(lines["held"]) <= 1, $"{lines["held"]} children held 400 MB at once");
        Assert.True(int.Parse(lines["killed"]) >= 3, $"only {lines["killed"]} children were killed");
        Assert.InRange(r.PeakMemoryBytes, 400L << 20, sandbox.Limits.EffectiveTreeMemoryBytes); // 576 MiB
        // The program itself ran to its end (its children were the ones killed), so the outcome is its own.
        Assert.Equal(SandboxOutcome.Passed, r.Outcome);
        // A child holding 150 MB and the program growing to 450 MB (each below the per-process limit): the kernel kills
        // the largest process of the tree, the program itself.
        var hog = sandbox.Run("import os, time\nif os.fork() == 0:\n    block = b'x' * (150 << 20)\n    time.sleep(5)\n    os._exit(0)\ntime.sleep(0.5)\nblock = b'x' * (450 << 20)\nprint('held')\n");
        Assert.Equal(SandboxOutcome.MemoryExceeded, hog.Outcome);
        Assert.DoesNotContain("held", hog.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Issue probe: files written to /sandbox or /tmp landed on the host's disk or RAM without limit.</summary>
    [Fact]
    public void WritableSpaceIsLimited()
    {
        var limits = Sandbox.Limits;
        const string program = """
            import os
            chunk = b'x' * (1 << 20)
            for path in ['/x', '/dev/x', '/etc/x', '/usr/x']:
                try:
                    open(path, 'w')
                    print('ro' + path.replace('/', '_'), 0, 'writable')
                except OSError as e:
                    print('ro' + path.replace('/', '_'), 0, e.errno)
            for top in ['/sandbox', '/tmp', '/dev/shm']:
                written, err = 0, 0
                try:
                    while written < (1 << 30):  # 1 GiB in files of 8 MiB (below the per-file limit)
                        with open(f'{top}/f{written >> 23}', 'ab') as f:
                            f.write(chunk)
                        written += len(chunk)
                except OSError as e:
                    err = e.errno
                print(top[1:].replace('/', '_'), written, err)
                for name in os.listdir(top):
                    if name.startswith('f'):
                        os.remove(f'{top}/{name}')
            """;
        var r = Sandbox.Run(program);
        output.WriteLine(r.Stdout);
        Assert.Equal(SandboxOutcome.Passed, r.Outcome);
        foreach (var (key, line) in Lines(r.Stdout))
        {
            var parts = line.Split(' ');
            if (key.StartsWith("ro_", StringComparison.Ordinal))
            {
                Assert.True(parts[1] == "30", $"{key}: {line} (want EROFS: the rest of the tree is read-only)");
                continue;
            }
            Assert.True(parts[1] == "28", $"{key}: {line} (want ENOSPC)");
            Assert.True(long.Parse(parts[0]) <= limits.WritableBytes, $"{key}: wrote {parts[0]} bytes, limit {limits.WritableBytes}");
        }
        Assert.Equal(7, Lines(r.Stdout).Count);
    }

    /// <summary>Issue probe: <c>sys.exit(0)</c> or <c>os._exit(0)</c> counted as passing tests, because passing was exit code 0.</summary>
    [Theory]
    [InlineData("import sys\nsys.exit(0)\n")]
    [InlineData("import os\nos._exit(0)\n")]
    [InlineData("raise SystemExit\n")]
    [InlineData("import os, sys\nprint(os.urandom(16).hex())\nsys.stdout.flush()\nos._exit(0)\n")]
    [InlineData("import os, signal\nos.close(1)\n")]
    public void EndingEarlyIsNotAPass(string program)
    {
        var r = Sandbox.Run(program + "print('tests ran')\n");
        Assert.NotEqual(SandboxOutcome.Passed, r.Outcome);
        Assert.False(r.RanToEnd);
    }

    [Theory]
    [InlineData("    import sys\n    sys.exit(0)\n")]
    [InlineData("    import os\n    os._exit(0)\n")]
    [InlineData("    raise SystemExit(0)\n")]
    public void HumanEvalCompletionThatExitsFailsItsTests(string completion)
    {
        var verifier = new SampleVerifier(PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "humaneval_completion"), Sandbox);
        var seed = SharedFiles.HumanEval[0];
        var v = verifier.Verify(seed, new GenerationResult(seed.Id, completion, [1], 10, FinishReason.Stop));
        Assert.Equal("tests_failed", v.Reason);
        Assert.True(verifier.Verify(seed, new GenerationResult(seed.Id, seed.Field("canonical_solution")!, [1], 10, FinishReason.Stop)).Passed);
    }

    /// <summary>The sentinel cannot be read by the program: its descriptor is closed before the program starts, and no other descriptor of the setup is left open.</summary>
    [Fact]
    public void SentinelIsOutOfTheProgramsReach()
    {
        var r = Sandbox.Run("import os\nprint('fds', sorted(int(f) for f in os.listdir('/proc/self/fd')))\ntry:\n    os.read(7, 64)\n    print('fd7 readable')\nexcept OSError as e:\n    print('fd7', e.errno)\nprint('files', sorted(os.listdir('/sandbox')))\n");
        Assert.Equal(SandboxOutcome.Passed, r.Outcome);
        var lines = Lines(r.Stdout);
        Assert.Equal("[0, 1, 2, 3]", lines["fds"]); // 3: the listing's own descriptor
        Assert.Equal("9", lines["fd7"]); // EBADF
        Assert.Equal("['main.py']", lines["files"]);
        Assert.True(r.RanToEnd);
    }
}
