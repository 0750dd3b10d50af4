using System.Net;
using System.Net.Sockets;
using YuLanData.Inference.Generation;
using YuLanData.Synthesis.Sandbox;
using YuLanData.Synthesis.Scoring;
using YuLanData.Synthesis.Templates;
using YuLanData.Synthesis.Verification;

namespace YuLanData.Synthesis.Tests;

/// <summary>The Python sandbox on real HumanEval problems and on hostile programs.</summary>
[Collection(SandboxCollection.Name)]
public class SandboxTests
{
    private static readonly PromptTemplate Completion = PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "humaneval_completion");
    private static readonly PythonSandbox Sandbox = new(new SandboxLimits { CpuSeconds = 1, WallSeconds = 4, MemoryBytes = 256L << 20 });

    private static SampleVerdict Check(SampleVerifier verifier, SeedDocument seed, string completion) =>
        verifier.Verify(seed, new GenerationResult(seed.Id, completion, [1], 10, FinishReason.Stop));

    [Fact]
    public void CanonicalSolutionsPassAndBrokenOnesFail()
    {
        var verifier = new SampleVerifier(Completion, Sandbox);
        // Every 8th problem by default (21 of 164, to keep the suite fast); YULANDATA_FULL_HUMANEVAL=1 runs all 164.
        Assert.Equal(164, SharedFiles.HumanEval.Count);
        var stride = Environment.GetEnvironmentVariable("YULANDATA_FULL_HUMANEVAL") == "1" ? 1 : 8;
        var seeds = SharedFiles.HumanEval.Where((_, i) => i % stride == 0).ToArray();
        var passed = new SampleVerdict[seeds.Length];
        var broken = new SampleVerdict[seeds.Length];
        Parallel.For(0, seeds.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            passed[i] = Check(verifier, seeds[i], seeds[i].Field("canonical_solution")!);
            broken[i] = Check(verifier, seeds[i], "    return None\n");
        });
        var notPassing = seeds.Select((s, i) => (s.Id, passed[i])).Where(x => !x.Item2.Passed).Select(x => $"{x.Id}: {x.Item2.Reason} {x.Item2.Detail}").ToArray();
        Assert.Empty(notPassing);
        var notFailing = seeds.Select((s, i) => (s.Id, broken[i])).Where(x => x.Item2.Reason != "tests_failed").Select(x => $"{x.Id}: {x.Item2.Reason}").ToArray();
        Assert.Empty(notFailing);
    }

    [Fact]
    public void InfiniteLoopTimesOut()
    {
        // A generous wall limit: the CPU limit (1 s) must end the loop with SIGXCPU (exit 128 + 24) long before it.
        var cpuBound = new PythonSandbox(new SandboxLimits { CpuSeconds = 1, WallSeconds = 60 });
        var r = cpuBound.Run("while True:\n    pass\n");
        Assert.Equal(SandboxOutcome.Timeout, r.Outcome);
        Assert.Equal(128 + 24, r.ExitCode); // SIGXCPU from the soft limit
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(30), $"{r.Elapsed}");
        var sleeper = Sandbox.Run("import time\ntime.sleep(60)\n");
        Assert.Equal(SandboxOutcome.Timeout, sleeper.Outcome); // no CPU used: the wall-clock limit kills it
        Assert.Equal(-1, sleeper.ExitCode);
    }

    /// <summary>A program that never reads a 1 MiB input (beyond a pipe's buffer) still meets the wall clock.</summary>
    [Fact]
    public void UnreadInputDoesNotHoldTheWallClock()
    {
        var r = Sandbox.Run("import time\ntime.sleep(60)\n", new string('x', 1 << 20));
        Assert.Equal(SandboxOutcome.Timeout, r.Outcome);
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(20), $"{r.Elapsed}");
    }

    [Fact]
    public void MemoryHogIsStopped()
    {
        // CPU and wall limits well above what filling 256 MiB takes even on a loaded machine (page faults charged to a
        // memory-limited cgroup cost CPU time), so the memory limit, the thing under test, is what stops the program.
        var hogSandbox = new PythonSandbox(new SandboxLimits { CpuSeconds = 10, WallSeconds = 30, MemoryBytes = 256L << 20 });
        var r = hogSandbox.Run("x = bytearray(1024 * 1024 * 1024)\nprint(len(x))\n");
        Assert.True(r.Outcome == SandboxOutcome.MemoryExceeded, $"{r.Outcome} (exit {r.ExitCode} after {r.Elapsed}): {r.LastErrorLine}");
        Assert.Contains("MemoryError", r.Stderr, StringComparison.Ordinal);
        var growing = hogSandbox.Run("chunks = []\nwhile True:\n    chunks.append(' ' * (16 * 1024 * 1024))\n");
        Assert.True(growing.Outcome == SandboxOutcome.MemoryExceeded, $"{growing.Outcome} (exit {growing.ExitCode} after {growing.Elapsed}, peak {growing.PeakMemoryBytes >> 20} MiB): {growing.LastErrorLine}");
    }

    [Fact]
    public void NetworkIsUnreachableInside()
    {
        Assert.Null(PythonSandbox.UnavailableReason);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var program = $"import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=2)\nprint('connected')\n";
        var r = Sandbox.Run(program);
        Assert.Equal(SandboxOutcome.Failed, r.Outcome);
        Assert.DoesNotContain("connected", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Error", r.LastErrorLine, StringComparison.Ordinal);
    }

    /// <summary>
    /// The program sees no file of this machine but the system's programs, cannot change those, has a private /tmp and
    /// its own writable folder, and sees no other process.
    /// </summary>
    [Fact]
    public void FilesystemIsHiddenInside()
    {
        var secretDir = Directory.CreateTempSubdirectory("yulandata-secret-");
        try
        {
            var secret = Path.Combine(secretDir.FullName, "secret.txt");
            File.WriteAllText(secret, "do not read");
            File.WriteAllText("/tmp/yulandata-sandbox-probe.txt", "host tmp");
            var program = $$"""
                import os
                def attempt(f):
                    try:
                        f()
                        return 'ok'
                    except OSError as e:
                        return type(e).__name__
                print('secret', attempt(lambda: open({{PythonString(secret)}}).read()))
                print('host_tmp', attempt(lambda: open('/tmp/yulandata-sandbox-probe.txt').read()))
                print('cwd_test_dir', attempt(lambda: os.listdir({{PythonString(Directory.GetCurrentDirectory())}})))
                print('write_usr', attempt(lambda: open('/usr/yulandata-probe', 'w')))
                print('passwd', attempt(lambda: open('/etc/passwd').read()))
                open('own.txt', 'w').write('mine')
                print('own', open('own.txt').read())
                open('/tmp/scratch', 'w').write('x')
                print('tmp', open('/tmp/scratch').read())
                print('pids', len([p for p in os.listdir('/proc') if p.isdigit()]))
                """;
            var r = Sandbox.Run(program);
            Assert.Equal(SandboxOutcome.Passed, r.Outcome);
            var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal("FileNotFoundError", lines["secret"]);
            Assert.Equal("FileNotFoundError", lines["host_tmp"]);
            Assert.Equal("FileNotFoundError", lines["cwd_test_dir"]);
            Assert.NotEqual("ok", lines["write_usr"]);
            Assert.Equal("FileNotFoundError", lines["passwd"]);
            Assert.Equal("mine", lines["own"]);
            Assert.Equal("x", lines["tmp"]);
            Assert.True(int.Parse(lines["pids"]) <= 3, $"the program sees {lines["pids"]} processes");
            Assert.False(File.Exists("/usr/yulandata-probe"));
        }
        finally
        {
            secretDir.Delete(recursive: true);
            File.Delete("/tmp/yulandata-sandbox-probe.txt");
        }
    }

    private static string PythonString(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    [Fact]
    public void FailingProgramReportsItsError()
    {
        var r = Sandbox.Run("import sys\nprint('out')\nraise ValueError('bad value')\n");
        Assert.Equal(SandboxOutcome.Failed, r.Outcome);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("out\n", r.Stdout);
        Assert.Equal("ValueError: bad value", r.LastErrorLine);
        Assert.Equal(SandboxOutcome.Passed, Sandbox.Run("import sys\nassert sys.stdin.read() == 'abc'\n", "abc").Outcome);
    }

    [Fact]
    public void PassRateOverSamples()
    {
        var verifier = new SampleVerifier(Completion, Sandbox);
        var seed = SharedFiles.HumanEval[0];
        var definition = "def has_close_elements(numbers, threshold):\n    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n";
        string[] samples = [seed.Field("canonical_solution")!, "    return True\n", "    return False\n", definition, "    while True: pass\n"];
        var verdicts = samples.Select(s => Check(verifier, seed, s)).ToArray();
        Assert.Equal([null, "tests_failed", "tests_failed", null, "timeout"], verdicts.Select(v => v.Reason));
        var score = SeedScorer.Score(verdicts, vote: false);
        Assert.Equal(0.4, score.PassRate, 6);
        Assert.True(score.Accepted);
    }

    [Fact]
    public void OssInstructSolutionMustCompile()
    {
        var verifier = new SampleVerifier(PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "oss_instruct_code"), Sandbox);
        var seed = new SeedDocument("code:1", "def f(): pass", "repo/file.py", []);
        var good = "[Instruction]\nWrite add(a, b).\n[Solution]\nEasy:\n```python\ndef add(a, b):\n    return a + b\n```\n";
        var bad = "[Instruction]\nWrite add(a, b).\n[Solution]\n```python\ndef add(a, b)\n    return a + b\n```\n";
        var open = "[Instruction]\nWrite add(a, b).\n[Solution]\n```python\ndef add(a, b):\n";
        Assert.True(Check(verifier, seed, good).Passed);
        var v = Check(verifier, seed, bad);
        Assert.Equal("syntax_error", v.Reason);
        Assert.Contains("SyntaxError", v.Detail, StringComparison.Ordinal);
        Assert.Equal("unclosed_code_block", Check(verifier, seed, open).Reason);
    }
}
