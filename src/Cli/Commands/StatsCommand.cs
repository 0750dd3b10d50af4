using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;

namespace YuLanData.Cli.Commands;

/// <summary><c>stats &lt;output-dir&gt;</c>: the merged stats of a run as a table.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("output-dir") { Description = "A run folder." };
        var command = new Command("stats", "Print the merged stats of a run as a table.") { dir };
        command.SetAction(parse =>
        {
            var folder = new RunFolder(parse.GetValue(dir)!);
            if (!File.Exists(folder.MergedStats))
                throw new RunFolderException($"{folder.MergedStats} not found: the run has not finished (completed tasks: {(Directory.Exists(folder.CompletedDir) ? Directory.GetFiles(folder.CompletedDir).Length : 0)})");
            var stats = StatsFiles.ReadMerged(folder);
            if (Console.IsOutputRedirected)
                ConsoleTables.WritePlain(Console.Out, stats);
            else
                AnsiConsole.Write(ConsoleTables.StageTable(stats, folder.Root));
            Console.WriteLine($"{stats.Tasks} tasks; {stats.Balance}; {stats.ReadBytes / 1e6:F1} MB read; balanced: {stats.Balanced}");
            return stats.Balanced ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
