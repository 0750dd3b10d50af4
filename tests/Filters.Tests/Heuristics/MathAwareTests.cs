using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>Math-aware mode on real LaTeX (the HoTT book sources and RedPajama arXiv samples in ../shared/data/math)
/// and on real web text, where it must change nothing.</summary>
public class MathAwareTests
{
    private static readonly string[] SymbolRules =
    [
        "gopher_below_avg_threshold", "gopher_above_avg_threshold", "gopher_too_many_hashes", "gopher_below_alpha_threshold",
        "curly_bracket", "line_punct_ratio", "short_line_ratio", "list_ratio",
    ];

    private static List<string> MathTexts() =>
        SharedDocs.Texts("math/hott_book_latex.jsonl.gz").Concat(SharedDocs.Texts("math/redpajama_arxiv_sample_datajuicer.jsonl")).ToList();

    [Fact]
    public void DetectorFindsFormulaRichLatexAndNoWebNews()
    {
        var math = MathTexts();
        int found = math.Count(t => MathDetector.IsMathRich(t));
        // the HoTT chapters and the formula-heavy arXiv papers; preamble/config .tex files are not formula-rich
        Assert.InRange(found, 20, math.Count);
        foreach (var file in new[] { "web/bbc_news_2225.jsonl.gz", "web/nltk_abc_rural_news.jsonl.gz", "web/dclm_quality_annotated_cc.jsonl.gz" })
            Assert.Equal(0, SharedDocs.Texts(file).Count(t => MathDetector.IsMathRich(t)));
        // GSM8K solutions use '$' for money: almost never taken for math delimiters
        Assert.True(SharedDocs.Texts("math/gsm8k_train_solutions.jsonl.gz", 2000).Count(t => MathDetector.IsMathRich(t)) < 20);
    }

    [Fact]
    public void MathRichDocumentsAreNotDroppedBySymbolRules()
    {
        var plain = new IDocumentFilter[]
        {
            new GopherQualityFilter(new()), new C4QualityFilter(new()), new FineWebQualityFilter(new()),
        };
        var aware = new IDocumentFilter[]
        {
            new GopherQualityFilter(new() { MathAware = true }), new C4QualityFilter(new() { MathAware = true }),
            new FineWebQualityFilter(new() { MathAware = true }),
        };
        int droppedBySymbolsBefore = 0, mathDocs = 0;
        foreach (var t in MathTexts().Where(t => MathDetector.IsMathRich(t)))
        {
            mathDocs++;
            bool before = plain.Any(f => f.Apply(SharedDocs.Input(t)).Reason is { } r && SymbolRules.Contains(r));
            if (before) droppedBySymbolsBefore++;
            foreach (var f in aware)
            {
                string? r = f.Apply(SharedDocs.Input(t)).Reason;
                Assert.False(r is not null && SymbolRules.Contains(r), $"{f.GetType().Name} dropped a math document for {r}");
            }
        }
        Assert.True(droppedBySymbolsBefore >= mathDocs / 2, $"only {droppedBySymbolsBefore} of {mathDocs} were dropped by symbol rules without math-aware mode");
    }

    [Fact]
    public void WebDecisionsAreUnchanged()
    {
        var pairs = new (IDocumentFilter Plain, IDocumentFilter Aware)[]
        {
            (new GopherQualityFilter(new()), new GopherQualityFilter(new() { MathAware = true })),
            (new C4QualityFilter(new()), new C4QualityFilter(new() { MathAware = true })),
            (new FineWebQualityFilter(new()), new FineWebQualityFilter(new() { MathAware = true })),
        };
        foreach (var t in SharedDocs.Texts("web/bbc_news_2225.jsonl.gz", 400).Concat(SharedDocs.Texts("web/dclm_quality_annotated_cc.jsonl.gz", 300)))
            foreach (var (p, a) in pairs)
                Assert.Equal(p.Apply(SharedDocs.Input(t)), a.Apply(SharedDocs.Input(t)));
    }

    [Fact]
    public void HandBuiltMathDocumentKeepsItsBracesAndFormulaLines()
    {
        // 6 display formulas (\[ ... \] = 12 markers) and inline $...$ pairs: math-rich.
        string doc = string.Join("\n", Enumerable.Range(1, 6).Select(i =>
            $"We now prove that the map $f_{{{i}}}$ is an equivalence for every index.\n\\[ \\sum_{{k=1}}^{{{i}}} \\frac{{a_k}}{{b_k}} = \\int_0^1 g_{i}(x)\\,dx \\]"));
        Assert.True(MathDetector.IsMathRich(doc));
        var plain = new C4QualityFilter(new()).Apply(SharedDocs.Input(doc));
        Assert.Equal("curly_bracket", plain.Reason);
        var aware = new C4QualityFilter(new() { MathAware = true }).Apply(SharedDocs.Input(doc));
        Assert.True(aware.Keep);
        Assert.Null(aware.NewText); // every line kept, formula lines included
    }

    [Theory]
    [InlineData("\\end{proof}", true)]
    [InlineData("  \\begin{align*}  ", true)]
    [InlineData("\\]", true)]
    [InlineData("$$", true)]
    [InlineData("}", true)]
    [InlineData("\\label{eq:main} % the main equation", true)]
    [InlineData("\\item First point", false)]
    [InlineData("Plain prose.", false)]
    [InlineData("", false)]
    [InlineData("\\section{Intro", false)]
    public void MarkupLines(string line, bool markup) => Assert.Equal(markup, MathDetector.IsMarkupLine(line));

    [Theory]
    [InlineData("It costs $5 and $10 today.", 0)]          // money: body ends with a space before the second '$'
    [InlineData("Let $x$ and $y$ be reals.", 2)]
    [InlineData("\\frac{1}{2} + \\alpha \\cdot \\beta", 4)]
    [InlineData("\\( a \\) and \\[ b \\]", 2)]
    [InlineData("\\textbf{bold} \\emph{x}", 0)]              // not math commands
    public void MarkerCounts(string text, int markers) => Assert.Equal(markers, MathDetector.CountMarkers(text));
}
