using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// Hand-built conformance table for <c>c4_quality</c> (and <c>c4_paragraph</c>) with datatrove's defaults. Each case
/// gives the expected reason, or "=" + the expected rewritten text. Five good sentences (G) are appended where the
/// case is about a single line, so the document survives min_num_sentences = 5.
/// </summary>
public class C4ConformanceTests
{
    private const string G = "This is a good line.\nThis is a second line.\nHere is a third one.\nA fourth line is here.\nThe fifth line ends.";

    public static TheoryData<string, string, string> Cases()
    {
        var d = new TheoryData<string, string, string>();
        // --- kept as is: 5 lines, each ≥ 3 words, ends with terminal punctuation, 1 sentence each → 5 sentences
        d.Add("five good lines", G, "=" + G);
        // --- min_num_sentences 5: counts sentences of kept lines
        d.Add("four good lines: 4 < 5", "One two three.\nFour five six.\nSeven eight nine.\nTen eleven twelve.", "too_few_sentences");
        d.Add("one line with five sentences", "One two. Three four. Five six. Seven eight. Nine ten.", "=One two. Three four. Five six. Seven eight. Nine ten.");
        d.Add("one line with four sentences", "One two. Three four. Five six. Seven eight.", "too_few_sentences");
        d.Add("'...' does not end a sentence: 2 sentences", "One two... three four... five six. Seven eight nine.", "too_few_sentences");
        d.Add("empty document: 0 < 5", "", "too_few_sentences");
        // --- terminal punctuation: . ? ! " ' end a line; ... does not
        foreach (var (end, kept) in new[] { (".", true), ("?", true), ("!", true), ("\"", true), ("'", true), ("...", false), (":", false),
                     (";", false), (",", false), ("", false), ("…", false), ("。", false), (")", false) })
        {
            string line = "Here are some words" + end;
            d.Add($"line ending '{end}'", line + "\n" + G, kept ? "=" + line + "\n" + G : "=" + G);
        }
        d.Add("trailing spaces are stripped before the check", "Here are some words.   \n" + G, "=Here are some words.\n" + G);
        d.Add("citation removed, then the check: 'words.[1]' → 'words.'", "Here are some words.[1]\n" + G, "=Here are some words.\n" + G);
        d.Add("[edit] removed", "Section title here.[edit]\n" + G, "=Section title here.\n" + G);
        d.Add("[citation needed] removed mid-line", "A claim[citation needed] is made.\n" + G, "=A claim is made.\n" + G);
        d.Add("'[]' (no digits) is a citation too", "Odd brackets here[].\n" + G, "=Odd brackets here.\n" + G);
        d.Add("'[a]' is not a citation: line ends with ']'", "Note here [a]\n" + G, "=" + G);
        // --- min_words_per_line 3: words by whitespace, counted before citation removal
        d.Add("two words", "Two words.\n" + G, "=" + G);
        d.Add("three words", "Three words here.\n" + G, "=Three words here.\n" + G);
        d.Add("'[1] [2] x.' has 3 words before removal; the line keeps its 2 leading spaces", G + "\n[1] [2] x.", "=" + G + "\n  x.");
        // --- max_word_length 1000
        d.Add("word of 1000 chars kept", "A " + new string('x', 1000) + " word.\n" + G, "=A " + new string('x', 1000) + " word.\n" + G);
        d.Add("word of 1001 chars drops the line", "A " + new string('x', 1001) + " word.\n" + G, "=" + G);
        // --- javascript (any case) drops the line
        d.Add("javascript line", "Please enable JavaScript to view.\n" + G, "=" + G);
        d.Add("javascript inside a word", "Learn myjavascriptcode today.\n" + G, "=" + G);
        // --- policy phrases drop the line
        foreach (var p in new[] { "terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies" })
            d.Add($"policy '{p}'", $"Read our {p.ToUpperInvariant()} now.\n" + G, "=" + G);
        d.Add("'cookies' alone is fine", "We baked cookies today.\n" + G, "=We baked cookies today.\n" + G);
        // --- document drops
        d.Add("lorem ipsum drops the document", G + "\nLorem Ipsum dolor sit amet.", "lorem_ipsum");
        d.Add("lorem ipsum on a line that is dropped anyway (no punctuation) does not count", G + "\nLorem ipsum dolor sit amet", "=" + G);
        d.Add("curly bracket drops the document", G + "\nThe set {a, b} is small.", "curly_bracket");
        d.Add("curly bracket on a too-short line does not count", G + "\n{x}.", "=" + G);
        d.Add("'}' alone does not drop", G + "\nThe end} is odd.", "=" + G + "\nThe end} is odd.");
        d.Add("javascript line removed before the curly check", G + "\nvar x = {}; // javascript.", "=" + G);
        // --- line splitting is str.splitlines: \r\n, \r and U+2028 split lines too
        d.Add("CRLF lines", G.Replace("\n", "\r\n"), "=" + G);
        d.Add("U+2028 separators", G.Replace("\n", "\u2028"), "=" + G);
        d.Add("blank lines removed", G.Replace("\n", "\n\n"), "=" + G);
        d.Add("five sentences ended by ! ? . in one line", "Yes now! No way? Ok then. Sure thing! Fine then.", "=Yes now! No way? Ok then. Sure thing! Fine then.");
        d.Add("abbreviations do not end sentences: 'Mr. Smith' is one sentence → 4", "Mr. Smith came. Dr. Jones left. They met. It rained.", "too_few_sentences");
        d.Add("closing quote after the period stays in the sentence: 5", "\"One two.\" Three four. Five six. Seven eight. Nine ten.", "=\"One two.\" Three four. Five six. Seven eight. Nine ten.");
        d.Add("line ending '.)' is dropped", "Some words here (see above.)\n" + G, "=" + G);
        d.Add("line ending '?\"' is kept", "Did he say \"what?\"\n" + G, "=Did he say \"what?\"\n" + G);
        d.Add("tab-separated words count as words", "one\ttwo\tthree.\n" + G, "=one\ttwo\tthree.\n" + G);
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecisionFollowsDatatroveDefinition(string label, string text, string expected)
    {
        var o = new C4QualityFilter(new C4QualityOptions()).Apply(SharedDocs.Input(text));
        string actual = !o.Keep ? o.Reason! : "=" + (o.NewText ?? text);
        Assert.True(expected == actual, $"{label}:\nexpected {expected}\nactual   {actual}");
    }

    [Fact]
    public void TableHasAtLeastFiftyCases() => Assert.True(Cases().Count >= 50);

    [Fact]
    public void WithoutTerminalPunctRuleLinesWithoutPunctuationStay()
    {
        var f = new C4QualityFilter(new C4QualityOptions { FilterNoTerminalPunct = false });
        var o = f.Apply(SharedDocs.Input("A heading without stop\n" + G));
        Assert.True(o.Keep);
        Assert.Null(o.NewText); // unchanged
    }

    [Fact]
    public void SentenceModeJoinsKeptSentencesWithSpaces()
    {
        var f = new C4QualityFilter(new C4QualityOptions { SplitParagraph = false });
        var o = f.Apply(SharedDocs.Input("One two three. Four five six. Seven eight nine. Ten eleven twelve. More words here. tail"));
        Assert.Equal("One two three. Four five six. Seven eight nine. Ten eleven twelve. More words here.", o.NewText);
    }

    [Fact]
    public void ScoreOnlyCountsLinesWithoutChangingText()
    {
        var input = SharedDocs.Input("Please enable javascript now.\nno punct here\n" + G);
        var o = new C4QualityFilter(new C4QualityOptions { ScoreOnly = true }).Apply(input);
        Assert.True(o.Keep);
        Assert.Null(o.NewText);
        var s = input.Metadata["c4_quality"]!.AsObject();
        Assert.Equal(7, s["lines_total"]!.GetValue<int>());
        Assert.Equal(5, s["lines_kept"]!.GetValue<int>());
        Assert.Equal(1, s["line_javascript"]!.GetValue<int>());
        Assert.Equal(1, s["line_no_terminal_punct"]!.GetValue<int>());
        Assert.Null(s["would_drop"]);
    }

    [Fact]
    public void RealDocumentsAreDroppedOrRewritten()
    {
        var f = new C4QualityFilter(new C4QualityOptions());
        var seen = new Dictionary<string, int>();
        int rewritten = 0;
        foreach (var t in SharedDocs.Texts("web/dclm_quality_annotated_cc.jsonl.gz").Concat(SharedDocs.Texts("math/hott_book_latex.jsonl.gz")))
        {
            var o = f.Apply(SharedDocs.Input(t));
            if (!o.Keep) seen[o.Reason!] = seen.GetValueOrDefault(o.Reason!) + 1;
            else if (o.NewText is not null) { rewritten++; Assert.True(o.NewText.Length < t.Length); }
        }
        Assert.True(seen.ContainsKey("too_few_sentences"));
        Assert.True(seen.ContainsKey("curly_bracket"), string.Join(",", seen.Keys)); // LaTeX sources
        Assert.True(rewritten > 50, $"rewritten {rewritten}");
    }

    [Fact]
    public void RealPagesHaveJavascriptPolicyAndShortLinesRemoved()
    {
        var f = new C4QualityFilter(new C4QualityOptions { ScoreOnly = true });
        int js = 0, policy = 0, tooFew = 0, noPunct = 0;
        foreach (var t in SharedDocs.Texts("web/dclm_quality_annotated_cc.jsonl.gz"))
        {
            var input = SharedDocs.Input(t);
            f.Apply(input);
            var s = input.Metadata["c4_quality"]!;
            js += s["line_javascript"]!.GetValue<int>();
            policy += s["line_policy"]!.GetValue<int>();
            tooFew += s["line_too_few_words"]!.GetValue<int>();
            noPunct += s["line_no_terminal_punct"]!.GetValue<int>();
        }
        Assert.True(js > 0 && policy > 0 && tooFew > 0 && noPunct > 0, $"javascript {js}, policy {policy}, too few words {tooFew}, no punctuation {noPunct}");
    }

    // ---------------- c4_paragraph: ≥ 3 "\n"-lines and the 3rd longest ≥ 200 chars
    public static TheoryData<string, int[], bool> ParagraphCases() => new()
    {
        { "3 lines of 200", [200, 200, 200], true },
        { "3 lines, one of 199", [200, 199, 200], false },
        { "2 long lines", [500, 500], false },
        { "4 lines, 3 long + 1 short", [10, 250, 300, 200], true },
        { "5 lines, only 2 long", [10, 250, 300, 199, 5], false },
        { "empty lines count as lines but are short", [0, 200, 0, 200, 200], true },
    };

    [Theory]
    [MemberData(nameof(ParagraphCases))]
    public void ParagraphRule(string label, int[] lengths, bool keep)
    {
        string text = string.Join('\n', lengths.Select(n => new string('p', n)));
        var o = new C4ParagraphFilter(new C4ParagraphOptions()).Apply(SharedDocs.Input(text));
        Assert.True(keep == o.Keep, label);
        if (!keep) Assert.Equal("< 3 paragraphs", o.Reason);
    }

    [Fact]
    public void ParagraphRuleDropsRealShortDocs()
    {
        var f = new C4ParagraphFilter(new C4ParagraphOptions());
        var texts = SharedDocs.Texts("web/nltk_webtext.jsonl.gz", 100);
        Assert.All(texts.Where(t => t.Length < 600), t => Assert.False(f.Apply(SharedDocs.Input(t)).Keep));
    }
}
