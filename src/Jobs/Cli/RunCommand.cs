using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Cli;

/// <summary><c>run &lt;pipeline.yaml&gt; [--output DIR] [--workers N] [--strict]</c>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline YAML file." };
        var output = new Option<string?>("--output", "-o") { Description = "Run folder (overrides output.path in the pipeline)." };
        var workers = new Option<int>("--workers", "-w") { Description = "Tasks run in parallel (default: CPU cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var strict = new Option<bool>("--strict") { Description = "Exit with code 3 when any record or file was quarantined." };
        var command = new Command("run", "Run a pipeline over its inputs; rerunning into the same folder resumes it.") { pipeline, output, workers, strict };
        command.SetAction(parse => Execute(parse.GetValue(pipeline)!, parse.GetValue(output), parse.GetValue(workers), parse.GetValue(strict)));
        return command;
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
