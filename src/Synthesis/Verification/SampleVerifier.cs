using YuLanData.Inference.Generation;
using YuLanData.Synthesis.Parsing;
using YuLanData.Synthesis.Sandbox;
using YuLanData.Synthesis.Templates;
using YuLanData.Synthesis.Verification.Equivalence;

namespace YuLanData.Synthesis.Verification;

/// <summary>
/// Checks one completion against its template's format and, where the seed carries them, a known answer or tests.
/// Reject reasons: <c>generation_error</c>, <c>truncated</c> (hit the token limit), <c>empty</c>, section errors from
/// <see cref="SectionParser"/>, <c>no_boxed_answer</c>, <c>hedged_answer</c>, <c>wrong_answer</c>, <c>unclosed_code_block</c>,
/// <c>syntax_error</c>, <c>tests_failed</c>, <c>timeout</c>, <c>memory_limit</c>, <c>process_limit</c>, <c>killed</c>. Thread-safe.
/// </summary>
public sealed class SampleVerifier
{
    private static readonly string[] ProblemSolution = ["Problem", "Solution"];
    private static readonly string[] InstructionSolution = ["Instruction", "Solution"];
    private const string SyntaxCheck = "import ast, sys\nast.parse(sys.stdin.read())\n";

    private readonly PromptTemplate _template;
    private readonly PythonSandbox? _sandbox;

    /// <param name="template">The template the completions answer.</param>
    /// <param name="sandbox">Runs code checks; required for the code formats.</param>
    public SampleVerifier(PromptTemplate template, PythonSandbox? sandbox)
    {
        _template = template;
        _sandbox = sandbox;
        if (sandbox is null && template.Format is OutputFormat.CodeInstruction or OutputFormat.FunctionCompletion)
            throw new ArgumentException($"template '{template.Name}' writes code and needs a sandbox", nameof(sandbox));
    }

    /// <summary>Verifies a generation result.</summary>
    /// <param name="seed">The seed it was generated from.</param>
    /// <param name="result">The completion.</param>
    /// <param name="completionTokens">Generated tokens when the result carries no ids (a server backend); null counts its ids.</param>
    public SampleVerdict Verify(SeedDocument seed, GenerationResult result, int? completionTokens = null) => result.FinishReason switch
    {
        FinishReason.Error => SampleVerdict.Reject("generation_error", result.Error),
        FinishReason.Length => SampleVerdict.Reject("truncated", $"{completionTokens ?? result.CompletionTokens} tokens"),
        _ => VerifyText(seed, result.Text ?? ""),
    };

    /// <summary>Verifies a completed (not truncated) completion text.</summary>
    public SampleVerdict VerifyText(SeedDocument seed, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return SampleVerdict.Reject("empty");
        switch (_template.Format)
        {
            case OutputFormat.ProblemSolution:
            {
                var parsed = SectionParser.Parse(text, ProblemSolution);
                if (!parsed.Success) return SampleVerdict.Reject(parsed.Reason!);
                return new SampleVerdict(null, parsed.Value, BoxedAnswer.Last(parsed.Value!["Solution"]));
            }
            case OutputFormat.Boxed:
            {
                var boxes = BoxedAnswer.All(text);
                var answer = boxes.Count == 0 ? null : boxes[^1];
                if (answer is null || answer.Length == 0) return SampleVerdict.Reject("no_boxed_answer");
                // Several different boxed answers hedge: whichever is right, the sample does not commit to it.
                if (boxes.Any(b => !MathEquivalence.Equivalent(answer, b)))
                    return new SampleVerdict("hedged_answer", Answer: answer, Detail: string.Join(" | ", boxes.Distinct(StringComparer.Ordinal)));
                var known = KnownAnswer(seed);
                if (known is not null && !MathEquivalence.Equivalent(known, answer))
                    return new SampleVerdict("wrong_answer", Answer: answer, KnownAnswer: known);
                return new SampleVerdict(null, Answer: answer, KnownAnswer: known);
            }
            case OutputFormat.CodeInstruction:
            {
                var parsed = SectionParser.Parse(text, InstructionSolution);
                if (!parsed.Success) return SampleVerdict.Reject(parsed.Reason!);
                var code = CodeBlock.Extract(parsed.Value!["Solution"]);
                if (code is null) return SampleVerdict.Reject("unclosed_code_block");
                var run = _sandbox!.Run(SyntaxCheck, code);
                return run.Outcome == SandboxOutcome.Passed
                    ? new SampleVerdict(null, parsed.Value, Detail: "compiles")
                    : new SampleVerdict(SandboxReason(run, "syntax_error"), parsed.Value, Detail: run.LastErrorLine);
            }
            case OutputFormat.FunctionCompletion:
            {
                var body = CodeBlock.Extract(text);
                if (body is null) return SampleVerdict.Reject("unclosed_code_block");
                var program = TestProgram(seed, body);
                var run = _sandbox!.Run(program);
                return run.Outcome == SandboxOutcome.Passed
                    ? new SampleVerdict(null, Detail: "tests passed")
                    : SampleVerdict.Reject(SandboxReason(run, "tests_failed"), run.LastErrorLine);
            }
            case OutputFormat.Explanation:
            {
                // The prompt ends with the [Explanation] header, so the whole completion is the explanation; a further
                // section header means the model went on writing something else.
                var parsed = SectionParser.Parse(text, []);
                return parsed.Success
                    ? new SampleVerdict(null, new Dictionary<string, string> { ["Explanation"] = text.Trim() })
                    : SampleVerdict.Reject(parsed.Reason!);
            }
            default:
                throw new InvalidOperationException($"unknown format {_template.Format}");
        }
    }

    /// <summary>
    /// The HumanEval-style test program: the seed's <c>prompt</c> (imports, signature and docstring), the completion
    /// (a function body; a whole new definition also works, as a docstring-only function is valid Python), the seed's
    /// <c>test</c> (defining <c>check</c>) and <c>check(entry_point)</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">The seed lacks <c>prompt</c>, <c>test</c> or <c>entry_point</c>.</exception>
    public static string TestProgram(SeedDocument seed, string completion)
    {
        string Need(string field) => seed.Field(field)
            ?? throw new InvalidDataException($"seed document '{seed.Id}' has no field '{field}' needed to run its tests");
        var prompt = Need("prompt");
        var entry = Need("entry_point");
        var test = Need("test");
        return prompt + completion + "\n\n" + test + "\n\ncheck(" + entry + ")\n";
    }

    /// <summary>The seed's known final answer: after <c>####</c> when the answer field holds a GSM8K solution, else the field itself.</summary>
    public string? KnownAnswer(SeedDocument seed)
    {
        var value = seed.Field(_template.AnswerField);
        if (string.IsNullOrWhiteSpace(value)) return null;
        return value.Contains("####", StringComparison.Ordinal) ? Gsm8kSolution.FinalAnswer(value) : value.Trim();
    }

    private static string SandboxReason(SandboxResult run, string failed) => run.Outcome switch
    {
        SandboxOutcome.Failed => failed,
        SandboxOutcome.Timeout => "timeout",
        SandboxOutcome.MemoryExceeded => "memory_limit",
        SandboxOutcome.ProcessLimit => "process_limit",
        _ => "killed",
    };
}
