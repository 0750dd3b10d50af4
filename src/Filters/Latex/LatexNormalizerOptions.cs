namespace YuLanData.Filters.Latex;

/// <summary>Options of <see cref="LatexNormalizeFilter"/>; each switch turns one cleaning step on or off.</summary>
public sealed class LatexNormalizerOptions
{
    /// <summary>Remove <c>%</c> comments (an unescaped <c>%</c> to the end of its line; whole comment lines go).</summary>
    public bool RemoveComments { get; set; } = true;

    /// <summary>Remove the preamble before <c>\begin{document}</c> and everything from <c>\end{document}</c> on.</summary>
    public bool RemovePreamble { get; set; } = true;

    /// <summary>Remove lines holding only boilerplate commands: <c>\input</c>, <c>\include</c>, <c>\usepackage</c>,
    /// <c>\documentclass</c>, macro definitions (<c>\newcommand</c>, <c>\def</c> …), <c>\maketitle</c>,
    /// <c>\tableofcontents</c>, page and spacing commands.</summary>
    public bool RemoveBoilerplate { get; set; } = true;

    /// <summary>Remove <c>\label{…}</c> and <c>\index{…}</c>, and the references <c>\ref</c>, <c>\eqref</c>,
    /// <c>\cref</c>, <c>\cite</c> … with their arguments (internal keys such as <c>lemma-poincare</c> are not text).</summary>
    public bool RemoveLabelsAndReferences { get; set; } = true;

    /// <summary>Remove the bibliography: <c>thebibliography</c> environments, <c>\bibliography{…}</c>,
    /// <c>\bibliographystyle{…}</c>, <c>\printbibliography</c>.</summary>
    public bool RemoveBibliography { get; set; } = true;

    /// <summary>Collapse runs of blank lines into one blank line and trim the text.</summary>
    public bool CollapseBlankLines { get; set; } = true;
}
