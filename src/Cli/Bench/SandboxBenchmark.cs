using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using YuLanData.Synthesis;
using YuLanData.Synthesis.Sandbox;
using YuLanData.Synthesis.Verification;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Cost of one sandboxed code check: real HumanEval test programs (prompt + canonical solution + tests) run one after
/// another through <see cref="PythonSandbox"/> (cgroup, network namespace, unprivileged bubblewrap with seccomp,
/// per-process limits), against the same programs run by a bare <c>python3 -I -B</c> with no isolation, in the same run.
/// </summary>
/// <remarks>Arguments: <c>--data FILE</c> (default ../shared/data/benchmarks/humaneval.jsonl), <c>--programs N</c> (default 20).</remarks>
public sealed class SandboxBenchmark : IBenchmark
{
    public string Name => "sandbox";

    public string Description => "HumanEval test programs through the code sandbox, one at a time, vs bare python3 (no isolation)";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        string? data = null;
        var count = 20;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--data" when i + 1 < arguments.Count: data = arguments[++i]; break;
                case "--programs" when i + 1 < arguments.Count: count = int.Parse(arguments[++i], CultureInfo.InvariantCulture); break;
                default:
                    output.WriteLine($"sandbox: unknown argument '{arguments[i]}' (use --data FILE, --programs N)");
                    return 2;
            }
        }
        data ??= FindHumanEval();
        if (data is null || !File.Exists(data))
        {
            output.WriteLine("sandbox: humaneval.jsonl not found; pass --data FILE (expected ../shared/data/benchmarks/humaneval.jsonl)");
            return 2;
        }
        var programs = File.ReadLines(data).Take(count).Select(line =>
        {
            var o = JsonNode.Parse(line)!.AsObject();
            var seed = new SeedDocument(o["task_id"]!.GetValue<string>(), o["prompt"]!.GetValue<string>(), "humaneval.jsonl", o);
            return SampleVerifier.TestProgram(seed, o["canonical_solution"]!.GetValue<string>());
        }).ToArray();
        PythonSandbox sandbox;
        try
        {
            sandbox = new PythonSandbox();
        }
        catch (SandboxUnavailableException e)
        {
            output.WriteLine($"sandbox: {e.Message}");
            return 1;
        }
        var folder = Directory.CreateTempSubdirectory("yulandata-bench-sandbox-");
        try
        {
            var bare = BenchTiming.Best(3, () =>
            {
                foreach (var p in programs) RunBare(folder.FullName, p);
            });
            var boxed = BenchTiming.Best(3, () =>
            {
                foreach (var p in programs)
                {
                    var r = sandbox.Run(p);
                    if (r.Outcome != SandboxOutcome.Passed) throw new InvalidOperationException($"a canonical solution did not pass: {r.Outcome} {r.LastErrorLine}");
                }
            });
            var inv = CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(inv, $"sandbox: {programs.Length} HumanEval programs, best of 3, python {PythonSandbox.PythonPath}"));
            output.WriteLine(string.Create(inv, $"  bare python3 -I -B:  {bare / programs.Length * 1000:F1} ms per program (baseline)"));
            output.WriteLine(string.Create(inv, $"  sandboxed:           {boxed / programs.Length * 1000:F1} ms per program"));
            output.WriteLine(string.Create(inv, $"  ratio sandboxed/bare: {boxed / bare:F2}"));
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void RunBare(string folder, string program)
    {
        var file = Path.Combine(folder, "main.py");
        File.WriteAllText(file, program);
        var start = new ProcessStartInfo(PythonSandbox.PythonPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var a in new[] { "-I", "-B", file }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"a canonical solution failed under bare python (exit {p.ExitCode})");
    }

    private static string? FindHumanEval()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "benchmarks", "humaneval.jsonl");
                if (File.Exists(Path.Combine(dir.FullName, "YuLanData.sln")) && File.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        return null;
    }
}
