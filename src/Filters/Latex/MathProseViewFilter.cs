using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Latex;

/// <summary>
/// Replaces the text of a math-rich document (<see cref="MathDetector"/>) by its prose (<see cref="MathSpanMasker"/>:
/// formulas, math environments and LaTeX markup removed), keeping the original in metadata, so that the stages up to
/// <c>math_prose_restore</c> (the Gopher, C4 and FineWeb rules with their usual options) judge the words around the
/// formulas: formulas are not symbol noise or repetition, and web spam does not pass for mathematics by carrying
/// formulas. Other documents pass unchanged. Text rewrites made by stages in between are discarded by the restore.
/// </summary>
[Stage("math_prose_view", "Math-rich documents: judge their prose (formulas and LaTeX markup removed) until math_prose_restore")]
public sealed class MathProseViewFilter : IDocumentFilter
{
    private readonly MathProseViewOptions _o;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">See <see cref="MathProseViewOptions"/>.</param>
    public MathProseViewFilter(MathProseViewOptions options)
    {
        options.Validate();
        _o = options;
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        if (!MathDetector.IsMathRich(input.Text)) return FilterOutcome.Kept;
        lock (input.Metadata) input.Metadata[_o.MetadataKey] = input.Text;
        return FilterOutcome.Rewrite(MathSpanMasker.Mask(input.Text, _o.UnwrapLines));
    }
}
