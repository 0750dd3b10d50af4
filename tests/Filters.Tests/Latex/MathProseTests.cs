using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;
using YuLanData.Filters.Latex;

namespace YuLanData.Filters.Tests.Latex;

/// <summary>Math-aware repetition and the prose view on real mathematics (HoTT book, arXiv) and real web text.</summary>
public class MathProseTests
{
    private static List<string> MathChapters() =>
        SharedDocs.Texts("math/hott_book_latex.jsonl.gz").Concat(SharedDocs.Texts("math/redpajama_arxiv_sample_datajuicer.jsonl"))
            .Where(t => MathDetector.IsMathRich(t)).ToList();

    [Fact]
    public void MaskTurnsFormulasIntoContentWordsAndDropsMarkup()
    {
        const string doc = "\\begin{lemma}\\label{lem:x}\nLet $A$ be a ring and $M$ an $A$-module.\n\\begin{enumerate}\n\\item If\n\\[ M \\otimes_A N = 0 \\]\nthen\n\\begin{align*}\nx &= y \\\\\n&= z\n\\end{align*}\n\\end{enumerate}\n\\end{lemma}";
        string masked = MathSpanMasker.Mask(doc);
        Assert.DoesNotContain("\\", masked);
        Assert.DoesNotContain("&", masked);
        Assert.DoesNotContain("lem:x", masked);
        var words = masked.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        // $A$ twice is the same word; $A$, $M$ and the display formulas are different words
        var tokens = words.Where(w => w.StartsWith("math", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, tokens.Count);
        Assert.Equal(4, tokens.Distinct().Count());
        Assert.Contains("Let", words);
        Assert.Contains("ring", words);
        Assert.DoesNotContain(masked.Split('\n'), l => l.Length > 0 && l.Trim().Length == 0);
    }

    [Fact]
    public void MathAwareRepetitionKeepsRealMathematicsThatPlainRepetitionDrops()
    {
        var plain = new GopherRepetitionFilter(new GopherRepetitionOptions());
        var aware = new GopherRepetitionFilter(new GopherRepetitionOptions { MathAware = true });
        var chapters = MathChapters();
        int droppedPlain = chapters.Count(t => plain.Evaluate(t, null) is not null);
        int droppedAware = chapters.Count(t => aware.Evaluate(t, null) is not null);
        Assert.True(droppedPlain >= 3, $"plain gopher_repetition dropped only {droppedPlain} of {chapters.Count} chapters");
        Assert.True(droppedAware < droppedPlain, $"math-aware dropped {droppedAware}, plain {droppedPlain}");
    }

    [Fact]
    public void MathAwareRepetitionLeavesWebDecisionsUnchanged()
    {
        var plain = new GopherRepetitionFilter(new GopherRepetitionOptions());
        var aware = new GopherRepetitionFilter(new GopherRepetitionOptions { MathAware = true });
        foreach (var t in SharedDocs.Texts("web/bbc_news_2225.jsonl.gz", 300).Concat(SharedDocs.Texts("web/dclm_quality_annotated_cc.jsonl.gz")))
            Assert.Equal(plain.Evaluate(t, null), aware.Evaluate(t, null));
    }

    [Fact]
    public void ProseViewJudgesSpamWithFormulasOnItsWords()
    {
        // Real low-quality pages (DCLM label 0) made formula-rich with real HoTT formulas: the web rules must see the
        // same words as without the formulas, so the alpha-word rule drops them as it drops the plain pages.
        var formulas = System.Text.RegularExpressions.Regex.Matches(string.Join("\n", SharedDocs.Texts("math/hott_book_latex.jsonl.gz")), @"\$[^$\n]{3,60}\$")
            .Select(m => m.Value).Distinct().ToList();
        var spam = SharedDocs.Records("web/dclm_quality_annotated_cc.jsonl.gz").Where(r => r["label"]!.GetValue<int>() == 0)
            .Select(r => r["text"]!.GetValue<string>()).ToList();
        var rng = new Random(24);
        var quality = new GopherQualityFilter(new GopherQualityOptions());
        var mathAwareQuality = new GopherQualityFilter(new GopherQualityOptions { MathAware = true });
        var view = new MathProseViewFilter(new MathProseViewOptions());
        int plainDropped = 0, mathAwareDropped = 0, viewDropped = 0, rich = 0;
        foreach (string page in spam)
        {
            string withFormulas = System.Text.RegularExpressions.Regex.Replace(page, @"\. ", _ => ". " + formulas[rng.Next(formulas.Count)] + " ");
            withFormulas = System.Text.RegularExpressions.Regex.Replace(withFormulas, "\n", _ => " " + formulas[rng.Next(formulas.Count)] + "\n");
            if (!MathDetector.IsMathRich(withFormulas)) continue;
            rich++;
            if (quality.Apply(SharedDocs.Input(page)).Reason == "gopher_below_alpha_threshold") plainDropped++;
            if (mathAwareQuality.Apply(SharedDocs.Input(withFormulas)).Reason == "gopher_below_alpha_threshold") mathAwareDropped++;
            var input = new FilterInput(withFormulas, "doc", new JsonObject());
            string prose = view.Apply(input).NewText ?? withFormulas;
            if (quality.Apply(SharedDocs.Input(prose)).Reason == "gopher_below_alpha_threshold") viewDropped++;
        }
        Assert.True(rich > 250, $"only {rich} pages became formula-rich");
        Assert.True(plainDropped > 100, $"{plainDropped}");
        // math_aware alone exempts these pages from the rule; the prose view judges their words (each formula counts as
        // one word, so a few pages rise above the threshold)
        Assert.True(mathAwareDropped < plainDropped / 4, $"math_aware dropped {mathAwareDropped}, the plain pages {plainDropped}");
        Assert.True(viewDropped >= plainDropped * 3 / 4, $"prose view dropped {viewDropped}, the plain pages {plainDropped}");
    }

    [Fact]
    public void RestoreReturnsTheOriginalTextAndRemovesTheCopy()
    {
        string chapter = MathChapters().First();
        var metadata = new JsonObject();
        var viewed = new MathProseViewFilter(new MathProseViewOptions()).Apply(new FilterInput(chapter, "d", metadata));
        Assert.NotNull(viewed.NewText);
        Assert.NotEqual(chapter, viewed.NewText);
        var restored = new MathProseRestoreFilter(new MathProseRestoreOptions()).Apply(new FilterInput(viewed.NewText!, "d", metadata));
        Assert.Equal(chapter, restored.NewText);
        Assert.False(metadata.ContainsKey("math_source_text"));
        // web text is not viewed at all
        Assert.Null(new MathProseViewFilter(new MathProseViewOptions()).Apply(SharedDocs.Input(SharedDocs.Texts("web/bbc_news_2225.jsonl.gz", 1)[0])).NewText);
    }
}
