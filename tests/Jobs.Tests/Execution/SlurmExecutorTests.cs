using System.Diagnostics;
using Xunit.Abstractions;
using YuLanData.Cli.Commands;
using YuLanData.Jobs.Execution;

namespace YuLanData.Jobs.Tests;

/// <summary>
/// Runs pipelines through the real single-node Slurm cluster that <c>infra/test.sh</c> starts
/// (<c>infra/slurm/local-cluster.sh</c>) and compares with the local executor. When no cluster answers, each test
/// prints why and returns.
/// </summary>
public class SlurmExecutorTests(ITestOutputHelper output)
{
    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        if (Environment.GetEnvironmentVariable("SLURM_CONF") is not { Length: > 0 } conf || !File.Exists(conf))
            return "SLURM_CONF is not set to a config file (infra/test.sh starts a local cluster)";
        try
        {
            var (rc, stdout, stderr) = SlurmExecutor.RunTool("sinfo", ["-h", "-o", "%T"]);
            return rc == 0 && stdout.Contains("idle") || stdout.Contains("mixed") || stdout.Contains("alloc") ? null : $"sinfo: {stdout} {stderr}";
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    });

    private bool Skip()
    {
        if (Unavailable.Value is { } reason)
        {
            output.WriteLine("SKIPPED: no Slurm cluster: " + reason);
            Console.WriteLine("SKIPPED Slurm test: " + reason);
            return true;
        }
        return false;
    }

    private static void AssertSameRun(string expectedRoot, string actualRoot)
    {
        var expected = PipelineRunner.OutputBytes(expectedRoot);
        var actual = PipelineRunner.OutputBytes(actualRoot);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys)
            Assert.True(expected[key].AsSpan().SequenceEqual(actual[key]), $"{key} differs between local and Slurm");
        Assert.Equal(File.ReadAllBytes(Path.Combine(expectedRoot, "stats.json")), File.ReadAllBytes(Path.Combine(actualRoot, "stats.json")));
    }

    private static string[] Inputs(TempDir dir)
    {
        Directory.CreateDirectory(dir["in"]);
        RealDocuments.WriteJsonl(dir["in/bbc.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz"));
        RealDocuments.WriteJsonl(dir["in/dclm.jsonl.gz"], RealDocuments.Load("dclm_quality_annotated_cc.jsonl.gz"));
        return [dir["in/*.jsonl"], dir["in/*.jsonl.gz"]];
    }

    private const string Stages = "- length_filter: {min_words: 40}\n- sampler: {rate: 0.9, seed: 3}";

    [Fact]
    public void SlurmRunEqualsLocalRun()
    {
        if (Skip())
            return;
        using var dir = new TempDir();
        var inputs = Inputs(dir);
        File.WriteAllText(dir["local.yaml"], PipelineRunner.Yaml(inputs, dir["local"], Stages, "parquet", "exclusions: true", "split_bytes: 1000000"));
        File.WriteAllText(dir["slurm.yaml"], PipelineRunner.Yaml(inputs, dir["slurm"], Stages, "parquet", "exclusions: true", "split_bytes: 1000000"));
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["run", dir["local.yaml"], "--workers", "2"]));
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["run", dir["slurm.yaml"], "--executor", "slurm", "--wait"]));
        Assert.True(new RunFolder(dir["slurm"]).TaskCount() > 2);
        Assert.Equal(new RunFolder(dir["slurm"]).TaskCount(), Directory.GetFiles(dir["slurm/slurm/logs"], "task-*.out").Length);
        AssertSameRun(dir["local"], dir["slurm"]);
    }

    [Fact]
    public void CancelledArrayTaskIsResubmittedAndTheRunCompletesIdentically()
    {
        if (Skip())
            return;
        using var dir = new TempDir();
        var inputs = Inputs(dir);
        File.WriteAllText(dir["local.yaml"], PipelineRunner.Yaml(inputs, dir["local"], Stages, "jsonl.gz", "", "split_bytes: 500000"));
        File.WriteAllText(dir["slurm.yaml"], PipelineRunner.Yaml(inputs, dir["slurm"], Stages, "jsonl.gz", "", "split_bytes: 500000"));
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["run", dir["local.yaml"], "--workers", "2"]));
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["run", dir["slurm.yaml"], "--executor", "slurm", "--max-concurrent", "1"]));

        var folder = new RunFolder(dir["slurm"]);
        var slurm = new SlurmExecutor(folder, new SlurmOptions());
        string? cancelled = null;
        var clock = Stopwatch.StartNew();
        while (cancelled == null && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var running = slurm.QueueStates().FirstOrDefault(kv => kv.Key.Contains('_') && kv.Value == "R").Key;
            if (running != null && SlurmExecutor.RunTool("scancel", [running]).Rc == 0)
                cancelled = running;
            else
                Thread.Sleep(20);
        }
        Assert.NotNull(cancelled);
        output.WriteLine("cancelled " + cancelled);
        // A running task can finish between squeue and scancel on a loaded machine; the last array task, still
        // pending behind --max-concurrent 1, is cancelled too, so at least one task surely fails.
        string last = cancelled[..cancelled.IndexOf('_')] + "_" + (folder.TaskCount() - 1);
        if (last != cancelled && SlurmExecutor.RunTool("scancel", [last]).Rc == 0)
            output.WriteLine("cancelled " + last);
        WaitUntilQueueEmpty(slurm);
        var (done, _, _, failed, merged) = StatusCommand.Read(folder, slurm);
        Assert.False(merged);
        Assert.NotEmpty(failed);
        Assert.True(done + failed.Count == folder.TaskCount());

        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["status", dir["slurm"], "--resubmit-failed"]));
        WaitUntilQueueEmpty(slurm);
        Assert.True(File.Exists(folder.MergedStats), "the resubmitted run did not finish");
        AssertSameRun(dir["local"], dir["slurm"]);
    }

    private static void WaitUntilQueueEmpty(SlurmExecutor slurm)
    {
        var clock = Stopwatch.StartNew();
        while (slurm.QueueStates().Count > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(180), "Slurm jobs did not finish in time");
            Thread.Sleep(200);
        }
    }

    [Fact]
    public void MinHashDedupStagesOnSlurmEqualLocalAndTheFilterPipelineToo()
    {
        if (Skip())
            return;
        using var dir = new TempDir();
        var inputs = Inputs(dir);
        string[] files = [dir["in/bbc.jsonl"], dir["in/dclm.jsonl.gz"]];
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["dedup", "minhash", "--input", .. files, "--output", dir["dedup-local"], "--split-mb", "1", "-w", "2"]));
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["dedup", "minhash", "--input", .. files, "--output", dir["dedup-slurm"], "--split-mb", "1", "--executor", "slurm", "--wait"]));
        // Stage 1 ran as an array over the tasks (bbc.jsonl is split), stage 2 over the 14 bands, stage 3 once.
        var logs = Directory.GetFiles(dir["dedup-slurm/slurm/logs"]).Select(Path.GetFileName).ToList();
        Assert.True(logs.Count(l => l!.StartsWith("stage1-")) > 2);
        Assert.Equal(14, logs.Count(l => l!.StartsWith("stage2-")));
        Assert.Single(logs, l => l!.StartsWith("stage3-"));
        foreach (var file in new[] { "result/drop.bin", "result/clusters.jsonl", "result/summary.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir["dedup-local"], file)), File.ReadAllBytes(Path.Combine(dir["dedup-slurm"], file)));
        Assert.Contains("\"clusters\"", File.ReadAllText(dir["dedup-slurm/result/summary.json"]));

        string stages = $"- minhash_dedup_filter: {{folder: \"{dir["dedup-slurm"]}\"}}";
        File.WriteAllText(dir["local.yaml"], PipelineRunner.Yaml(inputs, dir["local"], stages, "jsonl.gz", "exclusions: true", "split_bytes: 1048576"));
        File.WriteAllText(dir["slurm.yaml"], PipelineRunner.Yaml(inputs, dir["slurm"], stages, "jsonl.gz", "exclusions: true", "split_bytes: 1048576"));
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["run", dir["local.yaml"], "--workers", "2"]));
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["run", dir["slurm.yaml"], "--executor", "slurm", "--wait"]));
        AssertSameRun(dir["local"], dir["slurm"]);
        var stats = StatsFiles.ReadMerged(new RunFolder(dir["slurm"]));
        Assert.True(stats.Dropped > 0, "the dedup filter dropped nothing");
    }

    [Fact]
    public void TheQuickstartPipelineRunsOnSlurmLikeLocally()
    {
        if (Skip())
            return;
        using var dir = new TempDir();
        int Cli(params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "yulandata.dll"), .. args])
            {
                WorkingDirectory = YuLanData.Testing.RepoPaths.Root, // the quickstart's globs are relative to the repository
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(300_000), "the CLI did not finish");
            output.WriteLine(stdout + stderr.GetAwaiter().GetResult());
            return p.ExitCode;
        }
        Assert.Equal(0, Cli("run", "pipelines/quickstart.yaml", "--output", dir["local"], "--workers", "2"));
        Assert.Equal(0, Cli("run", "pipelines/quickstart.yaml", "--output", dir["slurm"], "--executor", "slurm", "--wait"));
        AssertSameRun(dir["local"], dir["slurm"]);
        Assert.True(StatsFiles.ReadMerged(new RunFolder(dir["slurm"])).Kept > 100);
    }
}
