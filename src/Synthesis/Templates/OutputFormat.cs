namespace YuLanData.Synthesis.Templates;

/// <summary>What a template asks the model to write, which decides how a completion is parsed and verified.</summary>
public enum OutputFormat
{
    /// <summary><c>[Problem]</c> then <c>[Solution]</c>, both non-empty (seeded problem-and-solution).</summary>
    ProblemSolution,
    /// <summary>Step-by-step reasoning ending with the final answer in <c>\boxed{}</c>; checked against a known answer or by majority vote.</summary>
    Boxed,
    /// <summary><c>[Instruction]</c> then <c>[Solution]</c> holding Python code that must compile (OSS-Instruct style).</summary>
    CodeInstruction,
    /// <summary>The body of a Python function whose signature is the seed's <c>prompt</c>; run against the seed's tests.</summary>
    FunctionCompletion,
    /// <summary>Free text after a prompt that ends with an <c>[Explanation]</c> header: non-empty, with no further section header.</summary>
    Explanation,
}
