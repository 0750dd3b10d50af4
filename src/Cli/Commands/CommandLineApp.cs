using System.CommandLine;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;

namespace YuLanData.Cli.Commands;

/// <summary>The <c>yulandata</c> command line: builds the command tree and maps failures to clear messages and exit codes.</summary>
public static class CommandLineApp
{
    /// <summary>The root command with every command of <see cref="CommandList"/>.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("YuLanData: build LLM pretraining data (read, clean, dedup, classify, synthesize, tokenize, mix).");
        foreach (var create in CommandList.All)
            root.Subcommands.Add(create());
        return root;
    }

    /// <summary>Parses and runs a command line; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="args">The arguments after the program name.</param>
    public static int Run(string[] args)
    {
        try
        {
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            var parse = BuildRoot().Parse(args);
            if (parse.Errors.Count > 0 && GenerateCommand.Owns(parse))
                return GenerateCommand.ReportParseErrors(parse);
            return parse.Invoke(config);
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
