using System.Diagnostics;

namespace YuLanData.Synthesis.Tests.Backends;

/// <summary>
/// <c>yulandata synthesize</c> with <c>backend: openai</c> as a real child process, killed with SIGKILL after its first
/// part is written and run again: the finished part's requests are not sent again and the output equals an
/// uninterrupted run's.
/// </summary>
public sealed class OpenAiKillResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synth-openai-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "yulandata.dll");

    private readonly System.Text.StringBuilder _log = new();

    private Process Start(string job)
    {
        var psi = new ProcessStartInfo("dotnet", ["exec", Cli, "synthesize", job])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(job)!,
        };
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private string Job(string name, string seeds, string baseUrl)
    {
        var path = Path.Combine(_dir, name + ".yaml");
        File.WriteAllText(path, $"""
            input: [{seeds}]
            template: step_by_step_boxed
            templates_dir: {SharedFiles.PromptsDir}
            backend: openai
            base_url: {baseUrl}
            model: test-model
            samples_per_seed: 2
            seeds_per_part: 2
            near_duplicate_threshold: 0
            max_concurrency: 2
            retry_delay_s: 0.01
            output: {Path.Combine(_dir, name)}
            """);
        return path;
    }

    [Fact]
    public async Task KilledRunResumesWithoutResendingFinishedPartsAndEqualsAStraightRun()
    {
        var questions = SharedFiles.Gsm8k.Take(6).Select(s => s.Metadata["question"]!.GetValue<string>()).ToList();
        var seeds = Path.Combine(_dir, "seeds.jsonl");
        SharedFiles.WriteGsm8kSeeds(seeds, 6);
        int Index(string prompt) => questions.FindIndex(q => prompt.Contains(q, StringComparison.Ordinal));
        await using var server = await OpenAiTestServer.StartAsync();
        server.Answer = (prompt, seed) => $"Problem {Index(prompt)}: working with draw {seed}.\nThe final answer is \\boxed{{{seed % 7}}}.\n<END>";
        // The first part answers at once; later parts slowly, so the kill lands while part 2 or 3 is in flight.
        server.Faults = (prompt, _, _) => Index(prompt) >= 2 ? new Fault.Delay(TimeSpan.FromMilliseconds(1500)) : null;

        var job = Job("out", seeds, server.BaseUrl);
        using (var first = Start(job))
        {
            var marker = Path.Combine(_dir, "out", "stats", "part-00000.json");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(marker) && !first.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(20);
            Assert.True(File.Exists(marker), $"the first part was never written: {_log}");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        Assert.False(File.Exists(Path.Combine(_dir, "out", "stats.json")), "the run finished before it was killed");
        var firstPart = server.Attempts.Where(kv => Index(kv.Key.Prompt) < 2).ToDictionary();
        Assert.Equal(4, firstPart.Count);

        using (var second = Start(job))
        {
            await second.WaitForExitAsync();
            Assert.True(second.ExitCode == 0, _log.ToString());
        }
        foreach (var (key, n) in firstPart) Assert.Equal(n, server.Attempts[key]);

        var straight = Job("straight", seeds, server.BaseUrl);
        using (var third = Start(straight))
        {
            await third.WaitForExitAsync();
            Assert.True(third.ExitCode == 0, _log.ToString());
        }
        Assert.Equal(SynthesisRuns.FileHashes(Path.Combine(_dir, "straight")), SynthesisRuns.FileHashes(Path.Combine(_dir, "out")));
    }
}
