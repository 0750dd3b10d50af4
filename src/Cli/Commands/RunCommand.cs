using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Cli.Commands;

/// <summary><c>run &lt;pipeline.yaml&gt; [--output DIR] [--workers N] [--strict]</c>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline YAML file." };
        var output = new Option<string?>("--output", "-o") { Description = "Run folder (overrides output.path in the pipeline)." };
        var workers = new Option<int>("--workers", "-w") { Description = "Tasks run in parallel (default: CPU cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var strict = new Option<bool>("--strict") { Description = "Exit with code 3 when any record or file was quarantined." };
        var executor = new Option<string>("--executor") { Description = "local (default) or slurm.", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var partition = new Option<string?>("--partition") { Description = "Slurm: partition." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "Slurm: CPUs per array task.", DefaultValueFactory = _ => 1 };
        var mem = new Option<string?>("--mem") { Description = "Slurm: memory per array task (e.g. 4G)." };
        var time = new Option<string?>("--time") { Description = "Slurm: time limit per array task (e.g. 02:00:00)." };
        var maxArray = new Option<int>("--max-array-size") { Description = "Slurm: most tasks per job array.", DefaultValueFactory = _ => 1000 };
        var maxConcurrent = new Option<int>("--max-concurrent") { Description = "Slurm: most array tasks running at once (0: no limit)." };
        var wait = new Option<bool>("--wait") { Description = "Slurm: wait for the run to finish and print its stats." };
        var command = new Command("run", "Run a pipeline over its inputs; rerunning into the same folder resumes it.")
        {
            pipeline, output, workers, strict, executor, partition, cpus, mem, time, maxArray, maxConcurrent, wait,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(executor) == "slurm")
            {
                var options = new SlurmOptions
                {
                    Partition = parse.GetValue(partition),
                    CpusPerTask = parse.GetValue(cpus),
                    Memory = parse.GetValue(mem),
                    Time = parse.GetValue(time),
                    MaxArraySize = parse.GetValue(maxArray),
                    MaxConcurrent = parse.GetValue(maxConcurrent),
                };
                return ExecuteSlurm(parse.GetValue(pipeline)!, parse.GetValue(output), options, parse.GetValue(wait), parse.GetValue(strict));
            }
            return Execute(parse.GetValue(pipeline)!, parse.GetValue(output), parse.GetValue(workers), parse.GetValue(strict));
        });
        return command;
    }

    /// <summary>Prepares the run folder, submits the unfinished tasks to Slurm and, with <paramref name="wait"/>, waits for the merge.</summary>
    public static int ExecuteSlurm(string pipelinePath, string? output, SlurmOptions options, bool wait, bool strict)
    {
        var config = PipelineLoader.Load(pipelinePath, output);
        var local = new RunPreparation(config);
        var (plan, progress) = local.Prepare();
        var slurm = new SlurmExecutor(local.Folder, options);
        var jobs = slurm.Submit(pipelinePath, Environment.CurrentDirectory);
        Console.Error.WriteLine($"{config.Name}: {plan.Count} tasks ({progress.SkippedTasks} already done) submitted to Slurm: array jobs {string.Join(", ", jobs.SkipLast(1))}, merge job {jobs[^1]}; logs in {Path.Combine(local.Folder.SlurmDir, "logs")}");
        Console.Error.WriteLine($"watch with: ./yulandata status {local.Folder.Root}");
        if (!wait)
            return ExitCodes.Ok;
        while (true)
        {
            // The queue first, then the files: a merge job that leaves the queue between the two reads has written
            // stats.json by the time the files are read.
            bool mergeQueued = slurm.QueueStates().ContainsKey(jobs[^1]);
            var (done, pending, running, failed, merged) = StatusCommand.Read(local.Folder, slurm);
            if (merged && !mergeQueued)
                break;
            if (!mergeQueued && pending + running == 0)
            {
                Console.Error.WriteLine($"run did not finish: done {done}, failed {failed.Count} (tasks {SlurmExecutor.ArraySpec(failed)}); resubmit with ./yulandata status {local.Folder.Root} --resubmit-failed");
                return ExitCodes.Failed;
            }
            Thread.Sleep(500);
        }
        var stats = StatsFiles.ReadMerged(local.Folder);
        ConsoleTables.WritePlain(Console.Out, stats);
        Console.WriteLine(stats.Balance);
        return strict && (stats.Quarantined > 0 || stats.FileErrors.Count > 0) ? ExitCodes.Quarantined : ExitCodes.Ok;
    }

    public static int Execute(string pipelinePath, string? output, int workers, bool strict)
    {
        var config = PipelineLoader.Load(pipelinePath, output);
        var executor = new LocalExecutor(config, workers);
        var (plan, progress) = executor.Prepare();
        var err = Console.Error;
        err.WriteLine($"{config.Name}: {config.InputFiles.Count} input files, {plan.Count} tasks ({progress.SkippedTasks} already done), {workers} workers -> {executor.Folder.Root}");
        var started = Stopwatch.StartNew();
        var run = Task.Run(() => executor.Run(plan, progress));
        bool live = !Console.IsErrorRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (live)
            ShowLive(run, progress, started);
        else
            LogLines(run, progress, started, err);
        TaskStats stats;
        try
        {
            stats = run.GetAwaiter().GetResult();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            throw e.InnerExceptions[0];
        }
        double seconds = started.Elapsed.TotalSeconds;
        if (live)
            AnsiConsole.Write(ConsoleTables.StageTable(stats, "result"));
        else
            ConsoleTables.WritePlain(Console.Out, stats);
        Console.WriteLine($"{stats.Balance}; {stats.ReadBytes / 1e6:F1} MB read in {seconds:F1} s");
        if (stats.SkippedInputs is { Count: > 0 } skippedInputs)
            Console.WriteLine($"skipped inputs: {skippedInputs.Values.Sum()} ({ConsoleTables.Reasons(skippedInputs)}); listed with reasons in {executor.Folder.RunFile}");
        long quarantined = stats.Quarantined;
        long fileErrors = stats.FileErrors.Values.Sum();
        if (quarantined > 0 || fileErrors > 0)
            Console.WriteLine($"quarantined: {quarantined} records ({ConsoleTables.Reasons(stats.ReadQuarantined)}), {fileErrors} file problems ({ConsoleTables.Reasons(stats.FileErrors)}); see {executor.Folder.QuarantineDir}");
        return strict && (quarantined > 0 || fileErrors > 0) ? ExitCodes.Quarantined : ExitCodes.Ok;
    }

    private static void ShowLive(Task run, RunProgress progress, Stopwatch started)
    {
        AnsiConsole.Live(new Markup("starting...")).AutoClear(true).Start(ctx =>
        {
            while (!run.Wait(500))
            {
                var snap = progress.Snapshot();
                ctx.UpdateTarget(ConsoleTables.StageTable(snap, Headline(progress, snap, started)));
                ctx.Refresh();
            }
        });
    }

    private static void LogLines(Task run, RunProgress progress, Stopwatch started, TextWriter err)
    {
        while (!run.Wait(5000))
        {
            var snap = progress.Snapshot();
            err.WriteLine(Headline(progress, snap, started) + "; " + string.Join("; ", snap.Stages.Select(s => $"{s.Stage} {s.Out}/{s.In}")));
        }
    }

    private static string Headline(RunProgress progress, TaskStats snap, Stopwatch started)
    {
        double s = Math.Max(0.001, started.Elapsed.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture,
            $"tasks {progress.DoneTasks + progress.SkippedTasks}/{progress.TotalTasks}, {snap.Read:N0} docs read, {snap.Read / s:N0} docs/s, {snap.ReadBytes / 1e6 / s:F1} MB/s");
    }
}
