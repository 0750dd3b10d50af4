using System.Globalization;
using System.Text;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Submits a <see cref="UnitJob"/> to Slurm: each set with unfinished units becomes a job array (one array task per
/// unit, split into several arrays above <see cref="SlurmOptions.MaxArraySize"/>), chained with
/// <c>--dependency=afterok:</c> on the arrays of the sets it depends on, so a set starts only when they succeeded.
/// Array tasks run the same code as local units (shared storage assumed), so the files are byte-identical.
/// </summary>
/// <param name="slurmDir">The run folder's <c>slurm/</c> folder: scripts go there, logs into its <c>logs/</c>.</param>
/// <param name="options">Partition, memory, time and array limits of every array.</param>
public sealed class SlurmJobSubmitter(string slurmDir, SlurmOptions options)
{
    /// <summary>How one set's array tasks run.</summary>
    /// <param name="Script">The script's file name in the slurm folder (e.g. <c>task.sh</c>).</param>
    /// <param name="Command">The shell command of one array task; <c>$SLURM_ARRAY_TASK_ID</c> is its unit.</param>
    /// <param name="JobName">The Slurm job name.</param>
    /// <param name="Log">The log file name in <c>slurm/logs/</c>, with <c>%a</c> for the unit.</param>
    /// <param name="Skip">Units not to submit (already queued or running); null: none.</param>
    public sealed record ArrayCommand(string Script, string Command, string JobName, string Log, IReadOnlySet<int>? Skip = null);

    /// <summary>
    /// Submits the unfinished units of every set; returns, per set in the job's order, the units submitted and the
    /// array job ids (none when the set had nothing to do).
    /// </summary>
    /// <param name="job">The job; prepare it first (its folder, <see cref="UnitJob.DiscardStale"/> under its lock).</param>
    /// <param name="commandOf">How each set's array tasks run.</param>
    /// <param name="workDir">The working directory of the array tasks (relative paths resolve against it).</param>
    public IReadOnlyList<(UnitSet Set, List<int> Units, List<string> Jobs)> Submit(UnitJob job, Func<UnitSet, ArrayCommand> commandOf, string workDir)
    {
        Directory.CreateDirectory(Path.Combine(slurmDir, "logs"));
        var submitted = new List<(UnitSet, List<int>, List<string>)>();
        var jobsOfSet = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var set in job.Sets)
        {
            var array = commandOf(set);
            var pending = set.PendingUnits().Where(u => array.Skip?.Contains(u) != true).ToList();
            var jobs = new List<string>();
            if (pending.Count > 0)
            {
                string script = WriteScript(array.Script, array.Command);
                var after = set.DependsOn.SelectMany(d => jobsOfSet[d]).ToList();
                foreach (var chunk in pending.Chunk(Math.Max(1, options.MaxArraySize)))
                {
                    var args = new List<string> { "--parsable", "--job-name", array.JobName,
                        "--array=" + SlurmExecutor.ArraySpec(chunk) + (options.MaxConcurrent > 0 ? $"%{options.MaxConcurrent}" : ""),
                        "--chdir", workDir, "--output", Path.Combine(Path.GetFullPath(slurmDir), "logs", array.Log),
                        "--cpus-per-task", options.CpusPerTask.ToString(CultureInfo.InvariantCulture) };
                    if (after.Count > 0)
                        args.AddRange(["--kill-on-invalid-dep=yes", "--dependency=afterok:" + string.Join(":", after)]);
                    AddResources(args);
                    args.Add(script);
                    jobs.Add(SlurmExecutor.Sbatch(args));
                }
            }
            jobsOfSet[set.Name] = jobs;
            submitted.Add((set, pending, jobs));
        }
        return submitted;
    }

    /// <summary>Adds the partition, memory, time and extra arguments of the options to sbatch's arguments.</summary>
    public void AddResources(List<string> args)
    {
        if (options.Partition != null)
            args.AddRange(["--partition", options.Partition]);
        if (options.Memory != null)
            args.AddRange(["--mem", options.Memory]);
        if (options.Time != null)
            args.AddRange(["--time", options.Time]);
        args.AddRange(options.ExtraArguments);
    }

    /// <summary>Waits until none of <paramref name="jobs"/> is in the queue; false when <paramref name="timeout"/> passed first.</summary>
    public static bool WaitForJobs(IReadOnlyList<string> jobs, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ids = jobs.ToHashSet(StringComparer.Ordinal);
        while (SlurmExecutor.Queue(ids).Count > 0)
        {
            if (clock.Elapsed >= timeout)
                return false;
            Thread.Sleep(500);
        }
        return true;
    }

    private string WriteScript(string name, string command)
    {
        string path = Path.Combine(slurmDir, name);
        AtomicFile.WriteAllText(path, new StringBuilder()
            .AppendLine("#!/bin/bash")
            .AppendLine("# One unit per array task; written by yulandata.")
            .AppendLine("set -euo pipefail")
            .AppendLine("exec " + command)
            .ToString());
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }
}
