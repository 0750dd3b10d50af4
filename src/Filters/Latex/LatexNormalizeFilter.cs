namespace YuLanData.Filters.Latex;

/// <summary>
/// Rewrites LaTeX documents into cleaned text (<see cref="LatexNormalizer"/>): comments, preamble, boilerplate command
/// lines, labels/references/citations and the bibliography removed. A document left empty is dropped with reason
/// <c>latex_empty</c>. Only LaTeX sources are touched (<see cref="LatexNormalizer.LooksLikeLatexSource"/>): in web text
/// and Markdown with formulas a <c>%</c> is a percent sign, not a comment.
/// </summary>
[Stage("latex_normalize", "LaTeX cleaning: comments, preamble, \\input/\\usepackage/macro boilerplate, labels and references, bibliography")]
public sealed class LatexNormalizeFilter : IDocumentFilter
{
    private readonly LatexNormalizer _normalizer;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">Which cleaning steps run; see <see cref="LatexNormalizerOptions"/>.</param>
    public LatexNormalizeFilter(LatexNormalizerOptions options) => _normalizer = new LatexNormalizer(options);

    public FilterOutcome Apply(in FilterInput input)
    {
        if (!LatexNormalizer.LooksLikeLatexSource(input.Text)) return FilterOutcome.Kept;
        string cleaned = _normalizer.Normalize(input.Text);
        if (cleaned.Length == 0) return FilterOutcome.Drop("latex_empty");
        return cleaned == input.Text ? FilterOutcome.Kept : FilterOutcome.Rewrite(cleaned);
    }
}
