using System.CommandLine;
using YuLanData.Service.Reports;

namespace YuLanData.Cli.Commands;

/// <summary><c>report OUTPUT [--to DIR]</c>: <c>report.html</c> with PNG charts for a finished run.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("output-dir") { Description = "A finished run folder." };
        var to = new Option<string?>("--to") { Description = "Where to write report.html and its PNGs (default: the run folder)." };
        var command = new Command("report", "Write report.html with charts (stage funnel, drop reasons, quarantine, throughput) for a finished run.") { dir, to };
        command.SetAction(parse =>
        {
            string run = parse.GetValue(dir)!;
            string path = RunReport.Write(run, parse.GetValue(to) ?? run);
            Console.WriteLine(path);
            return ExitCodes.Ok;
        });
        return command;
    }
}
