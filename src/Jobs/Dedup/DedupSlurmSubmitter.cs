using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Dedup;

/// <summary>
/// Runs dedup stages 1-3 on Slurm: stage 1 as a job array over unfinished tasks, stage 2 as a job array over
/// unfinished bands (<c>afterok</c> on stage 1), stage 3 as one job (<c>afterok</c> on stage 2). Each array task runs
/// the same <c>dedup</c> command line with <c>--run-unit STAGE:$SLURM_ARRAY_TASK_ID</c>, so the files are the ones a local
/// run writes. Submissions are recorded in <c>slurm/submissions.jsonl</c> of the dedup folder.
/// </summary>
public sealed class DedupSlurmSubmitter(DedupRunner runner, SlurmOptions options)
{
    private string SlurmDir => Path.Combine(runner.Folder.Root, "slurm");

    /// <summary>Submits what is left to do; returns the job ids (stage 1, stage 2, stage 3; absent stages skipped).</summary>
    /// <param name="commandPrefix">The dedup command line to repeat per unit (without <c>--run-unit</c>), as shell words.</param>
    /// <param name="workDir">The working directory of the jobs (relative inputs resolve against it).</param>
    public IReadOnlyList<string> Submit(IReadOnlyList<string> commandPrefix, string workDir)
    {
        var (tasks, bands, stage3) = runner.PrepareDistributed();
        Directory.CreateDirectory(Path.Combine(SlurmDir, "logs"));
        string command = SlurmExecutor.SelfCommand() + " " + string.Join(" ", commandPrefix.Select(SlurmExecutor.Quote));
        var jobs = new List<string>();
        string? previous = null;
        foreach (var (stage, units) in new[] { (1, tasks), (2, bands) })
        {
            if (units.Count == 0)
                continue;
            string script = WriteScript($"stage{stage}.sh", $"exec {command} --run-unit {stage}:\"$SLURM_ARRAY_TASK_ID\"");
            var args = Common($"yulandata-dedup-{stage}", workDir, Path.Combine(SlurmDir, "logs", $"stage{stage}-%a.out"), previous);
            args.Add("--array=" + SlurmExecutor.ArraySpec(units) + (options.MaxConcurrent > 0 ? $"%{options.MaxConcurrent}" : ""));
            args.Add(script);
            previous = SlurmExecutor.Sbatch(args);
            jobs.Add(previous);
        }
        if (stage3)
        {
            string script = WriteScript("stage3.sh", $"exec {command} --run-unit 3:0");
            var args = Common("yulandata-dedup-3", workDir, Path.Combine(SlurmDir, "logs", "stage3-%j.out"), previous);
            args.Add(script);
            jobs.Add(SlurmExecutor.Sbatch(args));
        }
        var record = new JsonObject
        {
            ["submitted_at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["jobs"] = new JsonArray(jobs.Select(j => (JsonNode)j).ToArray()),
            ["tasks"] = tasks.Count,
            ["bands"] = bands.Count,
        };
        File.AppendAllText(Path.Combine(SlurmDir, "submissions.jsonl"), record.ToJsonString(JsonOutput.Compact) + "\n");
        return jobs;
    }

    private List<string> Common(string name, string workDir, string log, string? afterJob)
    {
        var args = new List<string> { "--parsable", "--job-name", name, "--chdir", workDir, "--output", log, "--kill-on-invalid-dep=yes",
            "--cpus-per-task", options.CpusPerTask.ToString(CultureInfo.InvariantCulture) };
        if (afterJob != null)
            args.Add("--dependency=afterok:" + afterJob);
        if (options.Partition != null)
            args.AddRange(["--partition", options.Partition]);
        if (options.Memory != null)
            args.AddRange(["--mem", options.Memory]);
        if (options.Time != null)
            args.AddRange(["--time", options.Time]);
        return args;
    }

    private string WriteScript(string name, string line)
    {
        string path = Path.Combine(SlurmDir, name);
        AtomicFile.WriteAllText(path, new StringBuilder().AppendLine("#!/bin/bash").AppendLine("set -euo pipefail").AppendLine(line).ToString());
        return path;
    }

    /// <summary>Waits until no submitted job is queued; true when stage 3 wrote its summary.</summary>
    public bool Wait(IReadOnlyList<string> jobs, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ids = jobs.ToHashSet(StringComparer.Ordinal);
        while (clock.Elapsed < timeout && SlurmExecutor.Queue(ids).Count > 0)
            Thread.Sleep(500);
        return File.Exists(runner.Folder.Summary);
    }
}
