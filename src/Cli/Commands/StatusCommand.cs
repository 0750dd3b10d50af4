using System.CommandLine;
using YuLanData.Jobs.Execution;

namespace YuLanData.Cli.Commands;

/// <summary><c>status OUTPUT [--resubmit-failed]</c>: task states of a run from completion markers and the Slurm queue.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("output-dir") { Description = "A run folder." };
        var resubmit = new Option<bool>("--resubmit-failed") { Description = "Submit again every unfinished task that is no longer queued (Slurm runs)." };
        var command = new Command("status", "Show pending, running, done and failed tasks of a run; optionally resubmit failed ones.") { dir, resubmit };
        command.SetAction(parse => Execute(parse.GetValue(dir)!, parse.GetValue(resubmit)));
        return command;
    }

    /// <summary>Counts of tasks per state, and the failed task indices.</summary>
    public static (int Done, int Pending, int Running, List<int> Failed, bool Merged) Read(RunFolder folder, SlurmExecutor slurm)
    {
        int tasks = folder.TaskCount();
        var queue = slurm.QueueStates();
        int done = 0, pending = 0, running = 0;
        var failed = new List<int>();
        for (int i = 0; i < tasks; i++)
        {
            if (folder.IsComplete(i))
            {
                done++;
                continue;
            }
            string? key = SlurmExecutor.QueueKeyOfTask(queue, i);
            if (key == null)
                failed.Add(i);
            else if (queue[key] is "PD" or "CF")
                pending++;
            else
                running++;
        }
        return (done, pending, running, failed, File.Exists(folder.MergedStats));
    }

    private static int Execute(string dir, bool resubmit)
    {
        var folder = new RunFolder(dir);
        var slurm = new SlurmExecutor(folder, new SlurmOptions());
        bool isSlurm = slurm.SubmittedJobs().Count > 0;
        var (done, pending, running, failed, merged) = Read(folder, slurm);
        if (!isSlurm)
        {
            // A local run: unfinished tasks are not queued anywhere; they run again on the next `run`.
            Console.WriteLine($"tasks: {folder.TaskCount()}, done {done}, unfinished {failed.Count}; stats merged: {merged}");
            return ExitCodes.Ok;
        }
        Console.WriteLine($"tasks: {folder.TaskCount()}, done {done}, pending {pending}, running {running}, failed {failed.Count}; stats merged: {merged}");
        if (failed.Count > 0)
            Console.WriteLine("failed tasks: " + SlurmExecutor.ArraySpec(failed) + $" (logs: {Path.Combine(folder.SlurmDir, "logs")})");
        if (resubmit && (failed.Count > 0 || (!merged && pending + running == 0)))
        {
            var last = slurm.LastSubmission() ?? throw new RunFolderException("no earlier Slurm submission recorded");
            var queued = Enumerable.Range(0, folder.TaskCount()).Where(i => !folder.IsComplete(i) && !failed.Contains(i)).ToHashSet();
            var jobs = new SlurmExecutor(folder, SlurmExecutor.SavedOptions(folder)).Submit(last.Pipeline, last.WorkDir, queued);
            Console.WriteLine($"resubmitted {failed.Count} tasks: jobs {string.Join(", ", jobs)}");
        }
        return ExitCodes.Ok;
    }
}
