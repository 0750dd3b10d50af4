using System.Diagnostics;
using YuLanData.Jobs.Execution;
using YuLanData.Service.Runs;

namespace YuLanData.Service.Engine;

/// <summary>
/// A service run on Slurm through the engine's <see cref="SlurmExecutor"/> (what <c>run --executor slurm --wait</c>
/// does): the folder is prepared, the unfinished tasks are submitted as job arrays plus a merge job, and the queue
/// and completion markers are watched until the merge has written <c>stats.json</c>. Jobs of an earlier attempt
/// still in the queue (the service restarted meanwhile) are followed, not submitted again.
/// </summary>
internal static class SlurmRun
{
    /// <summary>Runs <paramref name="run"/> on Slurm and returns when it succeeded.</summary>
    /// <param name="record">The run (its <see cref="RunRecord.Slurm"/> options are used).</param>
    /// <param name="run">The loaded and checked pipeline.</param>
    /// <param name="cancel">A cancel request: the run's jobs are cancelled with <c>scancel</c>, unless the service is stopping.</param>
    /// <param name="stopping">True when the cancel comes from a service shutdown: the jobs keep running and the next start follows them.</param>
    /// <param name="log">Receives a line per submission.</param>
    /// <exception cref="InvalidOperationException">Tasks left the queue unfinished (failed, cancelled or timed out on the cluster).</exception>
    public static void Follow(RunRecord record, PipelineRun run, CancellationToken cancel, Func<bool> stopping, Action<string> log)
    {
        var preparation = new RunPreparation(run.Config);
        var folder = preparation.Folder;
        var slurm = new SlurmExecutor(folder, record.Slurm!);
        var earlier = File.Exists(folder.RunFile) ? slurm.QueueStates() : new Dictionary<string, string>();
        string merge;
        if (earlier.Count > 0)
        {
            merge = slurm.SubmittedJobs()[^1];
            log($"{record.Id} following Slurm jobs submitted earlier (merge job {merge})");
        }
        else if (File.Exists(folder.RunFile) && AllComplete(folder) && File.Exists(folder.MergedStats) && slurm.SubmittedJobs().Count > 0)
            return; // finished on the cluster while the service was down
        else
        {
            preparation.Prepare();
            var jobs = slurm.Submit(record.Pipeline, Environment.CurrentDirectory);
            merge = jobs[^1];
            log($"{record.Id} submitted to Slurm: array jobs {string.Join(", ", jobs.SkipLast(1))}, merge job {merge}");
        }
        while (true)
        {
            if (cancel.IsCancellationRequested)
            {
                if (!stopping())
                    Scancel(slurm.SubmittedJobs());
                cancel.ThrowIfCancellationRequested();
            }
            // The queue first, then the files: a merge job that leaves the queue between the two reads has written stats.json.
            var states = slurm.QueueStates();
            if (!states.ContainsKey(merge))
            {
                if (AllComplete(folder) && File.Exists(folder.MergedStats))
                    return;
                if (states.Count == 0)
                {
                    int total = folder.TaskCount();
                    int done = Enumerable.Range(0, total).Count(folder.IsComplete);
                    throw new InvalidOperationException(
                        $"Slurm: {total - done} of {total} tasks did not finish (logs in {Path.Combine(folder.SlurmDir, "logs")}); retry submits them again");
                }
            }
            cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
        }
    }

    private static bool AllComplete(RunFolder folder)
    {
        int total = folder.TaskCount();
        return Enumerable.Range(0, total).All(folder.IsComplete);
    }

    private static void Scancel(IReadOnlyList<string> jobs)
    {
        if (jobs.Count == 0)
            return;
        var psi = new ProcessStartInfo("scancel") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var job in jobs)
            psi.ArgumentList.Add(job);
        using var process = Process.Start(psi)!;
        process.WaitForExit(30_000);
    }
}
