using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using YuLanData.Jobs.Execution;

namespace YuLanData.Jobs.Tests.UnitSets;

/// <summary>
/// Unit sets on the real one-node Slurm that infra/test.sh starts (skipped with a printed reason without one): each
/// set is one job array, chained with <c>afterok</c> on the arrays of the sets it depends on.
/// </summary>
public class SlurmUnitSetTests(ITestOutputHelper output)
{
    private bool Skip()
    {
        string? reason = null;
        if (Environment.GetEnvironmentVariable("SLURM_CONF") is not { Length: > 0 } conf || !File.Exists(conf))
            reason = "SLURM_CONF is not set to a config file (infra/test.sh starts a local cluster)";
        else
        {
            try
            {
                var (rc, stdout, stderr) = SlurmExecutor.RunTool("sinfo", ["-h", "-o", "%T"]);
                if (rc != 0 || !(stdout.Contains("idle") || stdout.Contains("mixed") || stdout.Contains("alloc")))
                    reason = $"sinfo: {stdout} {stderr}";
            }
            catch (InvalidOperationException e)
            {
                reason = e.Message;
            }
        }
        if (reason == null)
            return false;
        output.WriteLine("SKIPPED: no Slurm cluster: " + reason);
        Console.WriteLine("SKIPPED Slurm test: " + reason);
        return true;
    }

    [Fact]
    public void A_dependent_sets_array_runs_only_after_the_array_of_its_dependency_succeeded()
    {
        if (Skip())
            return;
        using var dir = new TempDir();
        string Marker(string set, int unit) => dir[$"{set}/{unit}"];
        UnitSet Set(string name, int count, string[] dependsOn) => new()
        {
            Name = name,
            Count = count,
            DependsOn = dependsOn,
            IsComplete = unit => File.Exists(Marker(name, unit)),
            RunUnit = (_, _) => throw new InvalidOperationException("runs on Slurm"),
        };
        Directory.CreateDirectory(dir["a"]);
        Directory.CreateDirectory(dir["b"]);
        File.WriteAllText(Marker("a", 1), "finished before"); // a finished unit is not submitted again
        var job = new UnitJob(dir.Path, "test job", [Set("a", 4, []), Set("b", 3, ["a"])]);
        // Units of a take a while; each unit of b records how many units of a were complete when it ran.
        var commands = new Dictionary<string, SlurmJobSubmitter.ArrayCommand>
        {
            ["a"] = new("a.sh", $"bash -c 'sleep 2; echo a > {dir["a"]}/$SLURM_ARRAY_TASK_ID'", "unit-set-a", "a-%a.out"),
            ["b"] = new("b.sh", $"bash -c 'ls {dir["a"]} | wc -l > {dir["b"]}/$SLURM_ARRAY_TASK_ID'", "unit-set-b", "b-%a.out"),
        };
        var submitted = new SlurmJobSubmitter(dir["slurm"], new SlurmOptions()).Submit(job, set => commands[set.Name], dir.Path);
        Assert.Equal([0, 2, 3], submitted[0].Units);
        Assert.Equal([0, 1, 2], submitted[1].Units);
        Assert.Single(submitted[0].Jobs);
        Assert.Single(submitted[1].Jobs);
        var (_, show, _) = SlurmExecutor.RunTool("scontrol", ["show", "job", submitted[1].Jobs[0]]);
        Assert.Contains("afterok:" + submitted[0].Jobs[0], show);

        Assert.True(SlurmJobSubmitter.WaitForJobs([.. submitted[0].Jobs, .. submitted[1].Jobs], TimeSpan.FromMinutes(5)), "the arrays did not finish");
        Assert.Equal("finished before", File.ReadAllText(Marker("a", 1)));
        for (int u = 0; u < 3; u++)
            Assert.Equal("4", File.ReadAllText(Marker("b", u)).Trim());
        Assert.Equal(3, Directory.GetFiles(dir["slurm/logs"], "a-*.out").Length);
        Assert.Equal(3, Directory.GetFiles(dir["slurm/logs"], "b-*.out").Length);
    }

    [Fact]
    public void A_dependent_set_does_not_run_when_a_unit_of_its_dependency_fails()
    {
        if (Skip())
            return;
        using var dir = new TempDir();
        UnitSet Set(string name, int count, string[] dependsOn) => new()
        {
            Name = name,
            Count = count,
            DependsOn = dependsOn,
            IsComplete = unit => File.Exists(dir[$"{name}/{unit}"]),
            RunUnit = (_, _) => throw new InvalidOperationException("runs on Slurm"),
        };
        Directory.CreateDirectory(dir["a"]);
        Directory.CreateDirectory(dir["b"]);
        var job = new UnitJob(dir.Path, "test job", [Set("a", 2, []), Set("b", 2, ["a"])]);
        var submitted = new SlurmJobSubmitter(dir["slurm"], new SlurmOptions()).Submit(job, set => set.Name == "a"
            ? new("a.sh", $"bash -c '[ $SLURM_ARRAY_TASK_ID = 0 ] && echo a > {dir["a"]}/0'", "unit-set-a", "a-%a.out")
            : new("b.sh", $"bash -c 'echo b > {dir["b"]}/$SLURM_ARRAY_TASK_ID'", "unit-set-b", "b-%a.out"), dir.Path);
        Assert.True(SlurmJobSubmitter.WaitForJobs([.. submitted[0].Jobs, .. submitted[1].Jobs], TimeSpan.FromMinutes(5)), "the arrays did not leave the queue");
        Assert.True(File.Exists(dir["a/0"]));
        Assert.False(File.Exists(dir["a/1"]));
        Assert.Empty(Directory.GetFiles(dir["b"]));
    }

    [Fact]
    public void A_dedup_job_on_slurm_is_three_chained_arrays_and_gives_the_local_bytes()
    {
        if (Skip())
            return;
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        RealDocuments.WriteJsonl(dir["in/bbc.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz"));
        string[] Args(string output, params string[] more) => ["dedup", "exact", "--input", dir["in/bbc.jsonl"], "--output", output, "--split-mb", "1", .. more];
        using (var local = CliProcess.Start(dir.Path, Args(dir["local"])))
        {
            Assert.True(local.WaitForExit(300_000));
            Assert.Equal(0, local.ExitCode);
        }
        using (var submit = CliProcess.Start(dir.Path, Args(dir["slurm"], "--executor", "slurm")))
        {
            Assert.True(submit.WaitForExit(120_000));
            Assert.Equal(0, submit.ExitCode);
        }
        var record = JsonNode.Parse(File.ReadLines(dir["slurm/slurm/submissions.jsonl"]).Last())!;
        var jobs = record["jobs"]!.AsArray().Select(j => j!.GetValue<string>()).ToList();
        Assert.Equal(3, jobs.Count); // signatures, buckets, clusters: one array each
        // The clusters array cannot have started yet (the buckets array waits for the signatures array).
        var (_, clusters, _) = SlurmExecutor.RunTool("scontrol", ["show", "job", jobs[2]]);
        Assert.Contains("afterok:" + jobs[1], clusters);
        Assert.True(SlurmJobSubmitter.WaitForJobs(jobs, TimeSpan.FromMinutes(5)), "the dedup arrays did not finish");
        var logs = Directory.GetFiles(dir["slurm/slurm/logs"]).Select(Path.GetFileName).ToList();
        Assert.True(logs.Count(l => l!.StartsWith("stage1-")) >= 3, string.Join(", ", logs));
        Assert.Single(logs, l => l!.StartsWith("stage2-"));
        Assert.Equal(["stage3-0.out"], logs.Where(l => l!.StartsWith("stage3-")));
        foreach (var file in new[] { "result/drop.bin", "result/clusters.jsonl", "result/summary.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir["local"], file)), File.ReadAllBytes(Path.Combine(dir["slurm"], file)));
    }
}
