using System.CommandLine;

namespace YuLanData.Jobs.Cli;

/// <summary>Commands that front the libraries (fastText, tokenizer, generation); added as they land.</summary>
internal static class ToolCommandSet
{
    public static IEnumerable<Command> Create() => [Dedup.DedupCommand.Create()];
}
