using System.CommandLine;

namespace YuLanData.Cli.Commands;

/// <summary>
/// A command whose arguments are parsed by the library it fronts (generate, fasttext...): every token after the
/// command name is handed over as is; <c>--help</c> prints the usage text (as the description of its arguments, so the command list stays short).
/// </summary>
internal static class PassthroughCommand
{
    /// <param name="name">The command name.</param>
    /// <param name="description">One line for the command list.</param>
    /// <param name="usage">The full usage text shown by <c>--help</c> (options, defaults).</param>
    /// <param name="run">Runs with the raw arguments and returns the exit code.</param>
    public static Command Create(string name, string description, string usage, Func<IReadOnlyList<string>, int> run)
    {
        var rest = new Argument<string[]>("args") { Description = Environment.NewLine + usage, Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(name, description) { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => run([.. parse.GetValue(rest) ?? [], .. parse.UnmatchedTokens]));
        return command;
    }
}
