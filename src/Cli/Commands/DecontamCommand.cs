using System.CommandLine;
using System.Globalization;
using YuLanData.Filters.Decontamination;
using YuLanData.Jobs.Decontamination;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>decontam index --config C.yaml [--config D.yaml] --output INDEX</c>: builds an n-gram index of benchmark test sets;
/// <c>decontam info INDEX</c>: describes one; <c>decontam report RUN_DIR [--index INDEX] [--top N]</c>: writes
/// <c>contamination_report.json</c> and <c>contamination_hits.jsonl</c> into a run folder and prints a table.
/// </summary>
public static class DecontamCommand
{
    public static Command Create()
    {
        var command = new Command("decontam", "Decontamination against benchmark test sets: build n-gram indexes, report hits of a run.");
        command.Subcommands.Add(CreateIndex());
        command.Subcommands.Add(CreateInfo());
        command.Subcommands.Add(CreateReport());
        return command;
    }

    private static Command CreateIndex()
    {
        var config = new Option<string[]>("--config") { Description = "Benchmark config YAML (repeatable; see pipelines/decontam/).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--output") { Description = "Index file to write.", Required = true };
        var command = new Command("index", "Build an n-gram index from benchmark files described in YAML.") { config, output };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(config)!;
            var configs = files.Select(f => (DecontamConfig.Load(f), f)).ToList();
            var index = IndexBuild.Build(configs);
            string path = parse.GetValue(output)!;
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null)
                Directory.CreateDirectory(dir);
            index.WriteFile(path);
            foreach (var line in IndexBuild.Describe(index))
                Console.WriteLine(line);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length:N0} bytes)"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateInfo()
    {
        var index = new Argument<string>("index") { Description = "An index file." };
        var command = new Command("info", "Check an index file (magic, version, checksum) and describe it.") { index };
        command.SetAction(parse =>
        {
            foreach (var line in IndexBuild.Describe(NgramIndex.ReadFile(parse.GetValue(index)!)))
                Console.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateReport()
    {
        var run = new Argument<string>("run-dir") { Description = "A run folder whose pipeline has a decontaminate stage." };
        var index = new Option<string?>("--index") { Description = "The index the run used (adds item totals)." };
        var top = new Option<int>("--top") { Description = "Sources and items listed per benchmark.", DefaultValueFactory = _ => 10 };
        var command = new Command("report", "Write contamination_report.json (per benchmark: items found, documents affected, top sources) and print it.") { run, index, top };
        command.SetAction(parse =>
        {
            string? indexPath = parse.GetValue(index);
            var report = ContaminationReport.FromRun(parse.GetValue(run)!, indexPath == null ? null : NgramIndex.ReadFile(indexPath), parse.GetValue(top));
            string path = report.Write();
            report.WriteTable(Console.Out);
            Console.WriteLine($"wrote {path} and {Path.Combine(report.Run, ContaminationReport.HitsFileName)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
