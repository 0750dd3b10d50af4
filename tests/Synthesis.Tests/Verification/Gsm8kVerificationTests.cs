using YuLanData.Inference.Generation;
using YuLanData.Synthesis.Templates;
using YuLanData.Synthesis.Verification;

namespace YuLanData.Synthesis.Tests;

/// <summary>Parsing and verification on the real GSM8K train solutions (all 7,473) and on corrupted copies.</summary>
public class Gsm8kVerificationTests
{
    private static readonly PromptTemplate Boxed = PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "step_by_step_boxed");

    /// <summary>A GSM8K solution written the way the step-by-step template asks: steps, then the answer boxed.</summary>
    private static string AsCompletion(string solution, string answer)
    {
        var steps = solution[..solution.LastIndexOf("####", StringComparison.Ordinal)].TrimEnd();
        return steps + "\nThe final answer is \\boxed{" + answer + "}.";
    }

    [Fact]
    public void EveryRealSolutionVerifies()
    {
        var verifier = new SampleVerifier(Boxed, null);
        var wrongAnnotations = new List<string>();
        var failed = new List<string>();
        foreach (var seed in SharedFiles.Gsm8k)
        {
            var solution = seed.Field("answer")!;
            var final = Gsm8kSolution.FinalAnswer(solution);
            Assert.NotNull(final);
            if (Gsm8kSolution.FirstWrongAnnotation(solution) is { } bad) wrongAnnotations.Add($"{seed.Id}: {bad}");
            var verdict = verifier.Verify(seed, new GenerationResult(seed.Id, AsCompletion(solution, final!), [5, 6], 10, FinishReason.Stop));
            if (!verdict.Passed) failed.Add($"{seed.Id}: {verdict.Reason}");
            Assert.NotNull(AnswerNormalizer.Number(final!));
        }
        Assert.Equal(7473, SharedFiles.Gsm8k.Count);
        Assert.Empty(failed);
        // The calculator annotations of the real data are checked exactly (up to their written rounding); the
        // handful that are wrong in GSM8K itself are listed here so that a change in the checker shows up.
        Assert.True(wrongAnnotations.Count <= KnownWrongAnnotations, string.Join("\n", wrongAnnotations.Take(30)) + $"\n({wrongAnnotations.Count})");
    }

    private const int KnownWrongAnnotations = 0;

    [Fact]
    public void CorruptedFinalAnswersFail()
    {
        var verifier = new SampleVerifier(Boxed, null);
        var rejected = 0;
        foreach (var seed in SharedFiles.Gsm8k.Take(2000))
        {
            var solution = seed.Field("answer")!;
            var final = AnswerNormalizer.Number(Gsm8kSolution.FinalAnswer(solution)!)!.Value;
            var wrong = (final + new Rational(1, 1)).ToString();
            var verdict = verifier.Verify(seed, new GenerationResult(seed.Id, AsCompletion(solution, wrong), [5], 10, FinishReason.Stop));
            if (verdict.Reason == "wrong_answer") rejected++;
        }
        Assert.Equal(2000, rejected);
    }

    [Fact]
    public void CorruptedCalculationsFail()
    {
        var corrupted = 0;
        var checkedCount = 0;
        foreach (var seed in SharedFiles.Gsm8k.Take(2000))
        {
            var solution = seed.Field("answer")!;
            var open = solution.IndexOf("<<", StringComparison.Ordinal);
            if (open < 0) continue;
            var close = solution.IndexOf(">>", open, StringComparison.Ordinal);
            var eq = solution.LastIndexOf('=', close);
            var result = solution[(eq + 1)..close];
            if (!Rational.TryParseDecimal(result, out var r)) continue;
            // Change the first annotation's result by 7 (more than any rounding allows).
            var broken = solution[..(eq + 1)] + (r + new Rational(7, 1)) + solution[close..];
            checkedCount++;
            if (Gsm8kSolution.FirstWrongAnnotation(broken) is not null) corrupted++;
        }
        Assert.True(checkedCount > 1900, $"{checkedCount}");
        Assert.Equal(checkedCount, corrupted);
    }

    [Fact]
    public void TruncatedEmptyAndUnboxedOutputsAreRejected()
    {
        var verifier = new SampleVerifier(Boxed, null);
        var seed = SharedFiles.Gsm8k[0];
        Assert.Equal("truncated", verifier.Verify(seed, new GenerationResult("a", "Natalia sold 48/2 = 24", [1, 2], 5, FinishReason.Length)).Reason);
        Assert.Equal("empty", verifier.Verify(seed, new GenerationResult("a", "  \n", [2], 5, FinishReason.Eos)).Reason);
        Assert.Equal("no_boxed_answer", verifier.Verify(seed, new GenerationResult("a", "The answer is 72.", [1], 5, FinishReason.Eos)).Reason);
        Assert.Equal("generation_error", verifier.Verify(seed, new GenerationResult("a", null, [], 5, FinishReason.Error, "boom")).Reason);
        var ok = verifier.Verify(seed, new GenerationResult("a", "48 + 24 = 72 clips.\nThe final answer is \\boxed{72}.", [1], 5, FinishReason.Stop));
        Assert.True(ok.Passed);
        Assert.Equal("72", ok.Answer);
        Assert.Equal("72", ok.KnownAnswer);
    }
}
