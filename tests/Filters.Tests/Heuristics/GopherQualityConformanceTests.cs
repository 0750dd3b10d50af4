using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// Hand-built conformance table for <c>gopher_quality</c> with datatrove's defaults. Documents are built from
/// "the and" (two stop words, 3 letters each) plus filler words, 10 words per line; every expected decision is
/// worked out in the comment from datatrove's definitions (words = tokens; non-symbol words have a character
/// outside PUNCTUATION_SET; ratios divide by ALL tokens; lengths are code points).
/// </summary>
public class GopherQualityConformanceTests
{
    /// <summary>"the and" + <paramref name="filler"/> copies of <paramref name="word"/>, 10 tokens per line, then extra lines.</summary>
    internal static string Doc(int filler, string word = "word", params string[] extraLines)
    {
        var words = new List<string> { "the", "and" };
        for (int i = 0; i < filler; i++) words.Add(word);
        var lines = words.Chunk(10).Select(c => string.Join(' ', c)).ToList();
        lines.AddRange(extraLines);
        return string.Join('\n', lines);
    }

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    public static TheoryData<string, string, string?> Cases()
    {
        var d = new TheoryData<string, string, string?>();
        // --- min_doc_words = 50 on non-symbol words: 2 + filler words
        foreach (int total in new[] { 1, 10, 30, 45, 48, 49 })
            d.Add($"{total} words < 50", Doc(total - 2), "gopher_short_doc");
        foreach (int total in new[] { 50, 51, 55, 100, 500 })
            d.Add($"{total} words >= 50", Doc(total - 2), null);
        // symbol-only tokens do not count: 49 words + 20 "-" tokens is still 49 < 50
        d.Add("49 words + 20 dashes", Doc(47) + "\n" + string.Join(' ', Enumerable.Repeat("-", 20)), "gopher_short_doc");
        // --- max_doc_words = 100000: 100001 words > 100000
        d.Add("100001 words", Doc(99_999, "wordy"), "gopher_long_doc");
        d.Add("100000 words", Doc(99_998, "wordy"), null);
        // --- mean word length in [3, 10]: "the","and" are 3 long
        d.Add("avg 2.04: (6 + 48*2)/50", Doc(48, "ab"), "gopher_below_avg_threshold");
        d.Add("avg 3.00: (6 + 48*3)/50 is not < 3", Doc(48, "abc"), null);
        d.Add("avg 2.98: (6 + 47*3 + 1*2)/50", Doc(47, "abc", "ab"), "gopher_below_avg_threshold");
        d.Add("avg 9.72: (6 + 48*10)/50", Doc(48, "abcdefghij"), null);
        d.Add("avg 10.00: (6 + 46*10 + 2*17)/50 is not > 10", Doc(46, "abcdefghij", "abcdefghijklmnopq abcdefghijklmnopq"), null);
        d.Add("avg 10.02: (6 + 46*10 + 17 + 18)/50", Doc(46, "abcdefghij", "abcdefghijklmnopq abcdefghijklmnopqr"), "gopher_above_avg_threshold");
        d.Add("avg 10.68: (6 + 48*11)/50", Doc(48, "abcdefghijk"), "gopher_above_avg_threshold");
        // --- '#' count / all tokens > 0.1: k standalone '#' tokens → k/(50+k)
        d.Add("5 hashes: 5/55 = 0.091", Doc(48, "word", Repeat("# ", 5)), null);
        d.Add("6 hashes: 6/56 = 0.107", Doc(48, "word", Repeat("# ", 6)), "gopher_too_many_hashes");
        d.Add("6 hashes in 100 words: 6/106 = 0.057", Doc(98, "word", Repeat("# ", 6)), null);
        d.Add("'##' splits into two '#' tokens: 3 × '##' → 6 hashes / (50+6) tokens = 0.107", Doc(48, "word", Repeat("## ", 3)), "gopher_too_many_hashes");
        // --- ellipsis ("..." + "…") / all tokens > 0.1
        d.Add("5 '...' + 5 'x': 5/(50+5+5) = 0.083", Doc(48, "word", Repeat("... x ", 5)), null);
        d.Add("6 '...' tokens between words: 6/(50+6+6 x) = 0.097", Doc(48, "word", Repeat("... x ", 6)), null);
        d.Add("7 '...': 7/(50+7+7) = 0.109", Doc(48, "word", Repeat("... x ", 7)), "gopher_too_many_ellipsis");
        d.Add("7 '…': 7/64 = 0.109", Doc(48, "word", Repeat("… x ", 7)), "gopher_too_many_ellipsis");
        d.Add("'.....' counts once (non-overlapping): 7 tokens → 7/64", Doc(48, "word", Repeat("..... x ", 7)), "gopher_too_many_ellipsis");
        // --- lines starting with • or - (after lstrip) / lines > 0.9 (Doc(48) has 5 lines)
        d.Add("10 lines, 9 bullets: 0.9 is not > 0.9", Bullets(9, 1, "- "), null);
        d.Add("10 lines, 10 bullets", Bullets(10, 0, "- "), "gopher_too_many_bullets");
        d.Add("10 lines, 10 '•' bullets", Bullets(10, 0, "• "), "gopher_too_many_bullets");
        d.Add("10 lines, 10 indented bullets", Bullets(10, 0, "   - "), "gopher_too_many_bullets");
        d.Add("'*' is not a bullet", Bullets(10, 0, "* "), null);
        // --- lines ending with ... or … (after rstrip) / lines > 0.3: Doc(48) has 5 lines; add k lines "x ..."
        d.Add("5+3 lines, 3 end '...': 3/8 = 0.375", Doc(48, "word", "x y ...", "x y ...", "x y ..."), "gopher_too_many_end_ellipsis");
        d.Add("5+2 lines, 2 end '…': 2/7 = 0.286", Doc(48, "word", "x y…", "x y…"), null);
        d.Add("7+3 lines, 3 end '...  ': 3/10 = 0.3 is not > 0.3", Doc(68, "word", "x ...  ", "y ...", "z ..."), null);
        // --- words with a letter / all tokens < 0.8: k number tokens "123" (non-symbol, not alphabetic)
        d.Add("12 numbers: 50/62 = 0.806", Doc(48, "word", Repeat("123 ", 12)), null);
        d.Add("13 numbers: 50/63 = 0.794", Doc(48, "word", Repeat("123 ", 13)), "gopher_below_alpha_threshold");
        d.Add("13 punctuation tokens also count: 50/63", Doc(48, "word", Repeat("; ", 13)), "gopher_below_alpha_threshold");
        d.Add("'a1' has a letter: 63 tokens all alphabetic", Doc(48, "word", Repeat("a1 ", 13)), null);
        d.Add("'é' counts as alphabetic", Doc(48, "word", Repeat("é1 ", 13)), null);
        // --- distinct stop words (case-sensitive) < 2
        d.Add("no stop words", string.Join(' ', Enumerable.Repeat("word", 60)), "gopher_enough_stop_words");
        d.Add("one stop word repeated", "the the the " + string.Join(' ', Enumerable.Repeat("word", 60)), "gopher_enough_stop_words");
        d.Add("'The' and 'And' do not match", "The And " + string.Join(' ', Enumerable.Repeat("word", 60)), "gopher_enough_stop_words");
        d.Add("'of' and 'with'", "of with " + string.Join(' ', Enumerable.Repeat("word", 60)), null);
        d.Add("'have' and 'be'", "have be " + string.Join(' ', Enumerable.Repeat("word", 60)), null);
        // --- rule order: short doc is reported before stop words and alpha
        d.Add("short and no stop words → short first", "x y z", "gopher_short_doc");
        d.Add("empty text", "", "gopher_short_doc");
        return d;
    }

    private static string Bullets(int bullets, int plain, string marker)
    {
        // 10 lines of "the and word ..." (6 tokens each + marker) = enough words; alpha ratio 60/70 = 0.857
        var lines = new List<string>();
        for (int i = 0; i < bullets; i++) lines.Add(marker + "the and word word word word");
        for (int i = 0; i < plain; i++) lines.Add("the and word word word word");
        return string.Join('\n', lines);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecisionFollowsDatatroveDefinition(string label, string text, string? expectedReason)
    {
        var outcome = new GopherQualityFilter(new GopherQualityOptions()).Apply(SharedDocs.Input(text));
        Assert.True(expectedReason == outcome.Reason, $"{label}: expected {expectedReason ?? "keep"}, got {outcome.Reason ?? "keep"}");
    }

    [Fact]
    public void TableHasAtLeastFiftyCases() => Assert.True(Cases().Count >= 50);

    [Fact]
    public void ScoreOnlyKeepsAndRecordsTheNumbers()
    {
        var f = new GopherQualityFilter(new GopherQualityOptions { ScoreOnly = true });
        var input = SharedDocs.Input(Doc(48, "word", Repeat("123 ", 13)));
        Assert.True(f.Apply(input).Keep);
        var s = input.Metadata["gopher_quality"]!.AsObject();
        Assert.Equal("gopher_below_alpha_threshold", s["would_drop"]!.GetValue<string>());
        Assert.Equal(63, s["n_words"]!.GetValue<int>());
        Assert.Equal(63, s["n_non_symbol_words"]!.GetValue<int>());
        Assert.Equal(Math.Round(50.0 / 63, 6), s["alpha_words_ratio"]!.GetValue<double>());
    }

    [Fact]
    public void RealDocumentsAreDroppedForEachRule()
    {
        // One real document from ../shared/data per rule that datatrove's defaults drop for that rule.
        var f = new GopherQualityFilter(new GopherQualityOptions());
        var want = new HashSet<string> { "gopher_short_doc", "gopher_below_alpha_threshold", "gopher_enough_stop_words",
            "gopher_too_many_end_ellipsis", "gopher_above_avg_threshold", "gopher_below_avg_threshold" };
        var seen = new Dictionary<string, string>();
        foreach (var file in new[] { "web/nltk_webtext.jsonl.gz", "web/dclm_quality_annotated_cc.jsonl.gz", "math/hott_book_latex.jsonl.gz",
                     "web/datajuicer_redpajama_pile_samples.jsonl", "web/nltk_udhr2_multilingual.jsonl.gz" })
            foreach (var t in SharedDocs.Texts(file, 800))
            {
                var r = f.Apply(SharedDocs.Input(t)).Reason;
                if (r is not null && !seen.ContainsKey(r)) seen[r] = t;
            }
        foreach (var w in want) Assert.True(seen.ContainsKey(w), $"no real document dropped for {w}; seen: {string.Join(",", seen.Keys)}");
    }

    [Theory]
    [InlineData("max_symbol_word_ratio", "gopher_too_many_hashes")]
    [InlineData("max_symbol_word_ratio", "gopher_too_many_ellipsis")]
    [InlineData("max_bullet_lines_ratio", "gopher_too_many_bullets")]
    public void RealWebtextDocumentsTripTheSymbolRulesAlone(string rule, string reason)
    {
        // With defaults these short forum posts are dropped earlier (gopher_short_doc); alone, the rule fires on real text.
        var o = new GopherQualityOptions
        {
            MinDocWords = null, MaxDocWords = null, MinAvgWordLength = null, MaxAvgWordLength = null, MaxSymbolWordRatio = null,
            MaxBulletLinesRatio = null, MaxEllipsisLinesRatio = null, MaxNonAlphaWordsRatio = null, MinStopWords = null,
        };
        if (rule == "max_symbol_word_ratio") o.MaxSymbolWordRatio = 0.1; else o.MaxBulletLinesRatio = 0.9;
        var f = new GopherQualityFilter(o);
        Assert.Contains(SharedDocs.Texts("web/nltk_webtext.jsonl.gz", 4000), t => f.Apply(SharedDocs.Input(t)).Reason == reason);
    }

    [Fact]
    public void CustomStopWordsAndDisabledRules()
    {
        var o = new GopherQualityOptions { StopWords = ["le", "la"], MinDocWords = null };
        var f = new GopherQualityFilter(o);
        Assert.Equal("gopher_enough_stop_words", f.Apply(SharedDocs.Input("the and word word word")).Reason);
        Assert.Null(f.Apply(SharedDocs.Input("le la word word word")).Reason);
        Assert.Throws<ArgumentException>(() => new GopherQualityFilter(new GopherQualityOptions { MaxBulletLinesRatio = 1.5 }));
    }
}
