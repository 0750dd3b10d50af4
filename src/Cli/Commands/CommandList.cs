using System.CommandLine;

namespace YuLanData.Cli.Commands;

/// <summary>
/// Every top-level command of <c>yulandata</c>, in the order <c>--help</c> lists them. A feature defines its command
/// in its own file (a static <c>Create()</c>) and adds one line here.
/// </summary>
internal static class CommandList
{
    public static readonly Func<Command>[] All =
    [
        RunCommand.Create,
        ApplyCommand.Create,
        StatsCommand.Create,
        InspectCommand.Create,
        StagesCommand.Create,
        BenchCommand.Create,
        StatusCommand.Create,
        RunTaskCommand.Create,
        RunTaskCommand.CreateMerge,
        TokenizeCommand.Create,
        DedupCommand.Create,
        FastTextCommand.Create,
        SynthesizeCommand.Create,
        VerifyAnswersCommand.Create,
        MixCommand.Create,
        GenerateCommand.Create,
        ServeModelCommand.Create,
        ServeCommand.Create,
        ReportCommand.Create,
        DecontamCommand.Create,
    ];
}
