using System.CommandLine;
using YuLanData.Synthesis.Verification.Equivalence;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>verify-answers [TABLE.tsv]</c>: checks every answer pair of an agreement table (default
/// <c>data/verification/answer-equivalence.tsv</c>) with the synthesis answer checker and prints the Markdown table
/// with the agreement per origin and in total. Exit code 0 when every case agrees, 1 when some disagree, 2 for a bad table.
/// </summary>
public static class VerifyAnswersCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var table = new Argument<string>("table")
        {
            Description = "Tab-separated cases: reference, predicted, equal|different, origin.",
            DefaultValueFactory = _ => Path.Combine("data", "verification", "answer-equivalence.tsv"),
        };
        var command = new Command("verify-answers", "Print how the answer checker agrees with a table of reference verdicts.") { table };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(table)!;
            AgreementTable result;
            try
            {
                result = AgreementTable.Load(path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"verify-answers: {e.Message}");
                return ExitCodes.BadConfig;
            }
            result.WriteMarkdown(Console.Out);
            return result.Agreeing == result.Cases.Count ? ExitCodes.Ok : 1;
        });
        return command;
    }
}
