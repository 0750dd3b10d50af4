using System.CommandLine;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;

namespace YuLanData.Cli.Commands;

/// <summary>The <c>yulandata</c> command line: builds the command tree and maps failures to clear messages and exit codes.</summary>
public static class CommandLineApp
{
    /// <summary>Extra commands contributed by other parts of the project (fastText, tokenizer, generation...).</summary>
    private static IEnumerable<Command> ToolCommands() => ToolCommandSet.Create();

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("YuLanData: build LLM pretraining data (read, clean, dedup, classify, synthesize, tokenize, mix).");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ApplyCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(StagesCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(RunTaskCommand.Create());
        root.Subcommands.Add(RunTaskCommand.CreateMerge());
        foreach (var command in ToolCommands())
            root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args)
    {
        try
        {
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            return BuildRoot().Parse(args).Invoke(config);
        }
        catch (Exception e)
        {
            var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
            switch (inner)
            {
                case PipelineConfigException or StageSetupException:
                    Console.Error.WriteLine("error: " + inner.Message);
                    return ExitCodes.BadConfig;
                case RunFolderException or AccountingException or InvalidOperationException or FileNotFoundException or ArgumentException or InvalidDataException:
                    Console.Error.WriteLine("error: " + inner.Message);
                    return ExitCodes.Failed;
                default:
                    Console.Error.WriteLine("error: " + inner);
                    return ExitCodes.Failed;
            }
        }
    }
}
