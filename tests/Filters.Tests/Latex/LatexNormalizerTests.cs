using YuLanData.Filters.Latex;

namespace YuLanData.Filters.Tests.Latex;

/// <summary>The LaTeX cleaning stage on the real HoTT book and arXiv sources in ../shared/data/math.</summary>
public class LatexNormalizerTests
{
    private static readonly LatexNormalizer Normalizer = new(new LatexNormalizerOptions());

    private static string Hott(string path) =>
        SharedDocs.Records("math/hott_book_latex.jsonl.gz").Single(r => r["path"]!.GetValue<string>() == path)["text"]!.GetValue<string>();

    [Fact]
    public void RealChapterLosesCommentsLabelsAndIndexButKeepsProseAndFormulas()
    {
        string source = Hott("basics.tex");
        Assert.Contains("\\label{", source);
        Assert.Contains("\\index{", source);
        Assert.Contains("\n%", source);
        string cleaned = Normalizer.Normalize(source);
        Assert.DoesNotContain("\\label{", cleaned);
        Assert.DoesNotContain("\\index{", cleaned);
        Assert.DoesNotContain("\\indexsee{", cleaned);
        Assert.DoesNotMatch(@"(?m)^\s*%", cleaned);
        Assert.DoesNotContain("\n\n\n", cleaned);
        // the mathematics and the prose are untouched
        Assert.Contains("The central new idea in homotopy type theory is that types can be regarded as", cleaned);
        Assert.Contains("a continuous map $p : [0,1] \\to X$, where $p(0) = x$ and $p(1) = y$.", cleaned);
        Assert.True(cleaned.Length > source.Length / 2, "too much removed");
    }

    [Fact]
    public void BoilerplateOnlyFilesBecomeEmpty()
    {
        // back.tex: cover page commands, \input{blurb.tex} and a "Local Variables" comment block
        Assert.Equal("", Normalizer.Normalize(Hott("back.tex")).Replace("\\ifOPTcover", "").Replace("\\ThisLRCornerWallPaper{0.7}{\\OPTbackimage}", "")
            .Replace("\\pagecolor{covercolor}", "").Replace("\\color{covertext}", "").Replace("\\cleartoevenpage", "")
            .Replace("\\cleartooddpage[\\thispagestyle{empty}]", "").Trim());
        string back = Normalizer.Normalize(Hott("back.tex"));
        Assert.DoesNotContain("\\input{blurb.tex}", back);
        Assert.DoesNotContain("Local Variables", back);
        Assert.DoesNotContain("\\pagestyle", back);
    }

    [Fact]
    public void PreambleBibliographyAndEscapedPercentSigns()
    {
        const string doc = "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\newcommand{\\R}{\\mathbb{R}}\n\\begin{document}\n\\maketitle\n" +
            "\\section{Intro}\\label{sec:intro}\nWe prove 50\\% of the claims (see~\\cite{knuth84}) in Lemma~\\ref{lem:a}. % TODO: the rest\n" +
            "\\begin{thebibliography}{9}\n\\bibitem{knuth84} D. Knuth, The TeXbook.\n\\end{thebibliography}\n\\end{document}\ntrailing";
        string cleaned = Normalizer.Normalize(doc);
        Assert.Equal("\\section{Intro}\nWe prove 50\\% of the claims (see) in Lemma.", cleaned);
    }

    [Fact]
    public void MultiLineMacroDefinitionIsRemovedWhole()
    {
        const string doc = "\\newcommand{\\pair}[2]{%\n  \\left( #1, #2 \\right)%\n}\nA pair $\\pair{a}{b}$ of points.";
        Assert.Equal("A pair $\\pair{a}{b}$ of points.", Normalizer.Normalize(doc));
    }

    [Fact]
    public void StageRewritesLatexAndLeavesPlainTextAlone()
    {
        var stage = new LatexNormalizeFilter(new LatexNormalizerOptions());
        var news = SharedDocs.Texts("web/bbc_news_2225.jsonl.gz", 50);
        Assert.All(news, t => Assert.Null(stage.Apply(SharedDocs.Input(t)).NewText));
        var outcome = stage.Apply(SharedDocs.Input(Hott("basics.tex")));
        Assert.True(outcome.Keep);
        Assert.NotNull(outcome.NewText);
        Assert.Equal("latex_empty", stage.Apply(SharedDocs.Input("% only a comment\n\\input{chapter1}\n")).Reason);
        // a percent sign in text that only quotes a formula is not a comment
        Assert.Null(stage.Apply(SharedDocs.Input("Prices rose 5% when $x > 2$ and 7% otherwise.")).NewText);
    }
}
