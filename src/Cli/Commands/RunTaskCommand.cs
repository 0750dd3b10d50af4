using System.CommandLine;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>run-task P.yaml --output DIR --task I</c> and <c>merge-stats DIR</c>: what Slurm array tasks and the merge job
/// run. Hidden from help: users run pipelines with <c>run</c>.
/// </summary>
internal static class RunTaskCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline YAML file." };
        var output = new Option<string>("--output", "-o") { Description = "The prepared run folder.", Required = true };
        var task = new Option<int>("--task") { Description = "The task index.", Required = true };
        var command = new Command("run-task", "Run one task of a prepared run (used by Slurm array tasks).") { pipeline, output, task };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var config = PipelineLoader.Load(parse.GetValue(pipeline)!, parse.GetValue(output));
            var executor = new LocalExecutor(config, 1);
            var (plan, _) = executor.Prepare();
            int index = parse.GetValue(task);
            bool ran = executor.RunTask(plan, index);
            Console.WriteLine(ran ? $"task {index} done" : $"task {index} was already complete");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateMerge()
    {
        var dir = new Argument<string>("output-dir") { Description = "A run folder whose tasks are all complete." };
        var command = new Command("merge-stats", "Merge per-task stats into stats.json and check the accounting.") { dir };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var folder = new RunFolder(parse.GetValue(dir)!);
            var stats = StatsFiles.Merge(folder, folder.TaskCount());
            Console.WriteLine(stats.Balance);
            return ExitCodes.Ok;
        });
        return command;
    }
}
