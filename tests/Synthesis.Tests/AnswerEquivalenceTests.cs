using System.Text.Json.Nodes;
using YuLanData.Synthesis.Templates;
using YuLanData.Synthesis.Verification;
using YuLanData.Synthesis.Verification.Equivalence;
using YuLanData.Testing;

namespace YuLanData.Synthesis.Tests;

public class AnswerEquivalenceTests
{
    private static string TablePath => Path.Combine(RepoPaths.Root, "data", "verification", "answer-equivalence.tsv");

    [Fact]
    public void Agrees_with_the_reference_verdict_on_every_case_of_the_table()
    {
        var table = AgreementTable.Load(TablePath);
        Assert.True(table.Cases.Count >= 100, $"only {table.Cases.Count} cases");
        Assert.True(table.Cases.Count(c => !c.Expected) >= 20, "the table needs cases that must be told apart");
        var wrong = table.Cases.Where(c => !c.Agrees).Select(c => $"line {c.Line}: {c.Reference} vs {c.Predicted}: expected {c.Expected}").ToArray();
        Assert.True(wrong.Length == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_old_normalizer_disagreed_on_the_reported_cases()
    {
        // The failures: the previous text/number normalizer calls these different. The CAS comparison must not.
        (string, string)[] reported =
        [
            ("\\frac12", "0.5"), ("10\\%", "0.1"), ("\\sqrt{2}/2", "\\frac{\\sqrt2}{2}"), ("\\sqrt{12}", "2\\sqrt3"),
            ("\\{1,2\\}", "\\{2,1\\}"), ("x=2 or x=3", "\\{3,2\\}"), ("1e3", "1000"), ("10^6", "1000000"), ("\\pi", "\\pi"),
        ];
        foreach (var (a, b) in reported)
            Assert.True(MathEquivalence.Equivalent(a, b), $"{a} vs {b}");
        Assert.True(reported.Count(p => !AnswerNormalizer.Equivalent(p.Item1, p.Item2)) >= 7);
    }

    [Theory]
    [InlineData("\\sqrt{8}", "3\\sqrt2")]
    [InlineData("(1,2)", "(2,1)")]
    [InlineData("[1,2)", "[1,2]")]
    [InlineData("\\pi", "3.14")]
    [InlineData("\\frac13", "0.3333")]
    [InlineData("x^2-1", "x^2+1")]
    [InlineData("\\{1,2,3\\}", "\\{1,2\\}")]
    public void Tells_different_answers_apart(string reference, string predicted) =>
        Assert.False(MathEquivalence.Equivalent(reference, predicted));

    [Fact]
    public void A_table_line_with_a_bad_verdict_is_refused_with_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eq-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, "# header\n1\t1\tequal\tx\n1\t2\tmaybe\tx\n");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => AgreementTable.Load(path));
            Assert.Contains($"{path}:3:", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Several_different_boxed_answers_are_rejected_as_hedging_even_when_the_last_is_right()
    {
        var template = PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "step_by_step_boxed");
        var verifier = new SampleVerifier(template, null);
        var seed = new SeedDocument("q", "", "t", new JsonObject { ["question"] = "1+1?", ["answer"] = "so #### 2" });
        var hedged = verifier.VerifyText(seed, "It is \\boxed{3} and \\boxed{2}.");
        Assert.Equal("hedged_answer", hedged.Reason);
        var repeated = verifier.VerifyText(seed, "So \\boxed{2}, that is \\boxed{\\frac{4}{2}}.");
        Assert.Null(repeated.Reason);
        var wrong = verifier.VerifyText(seed, "\\boxed{3}");
        Assert.Equal("wrong_answer", wrong.Reason);
    }
}
