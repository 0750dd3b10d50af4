using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// Hand-built conformance table for <c>fineweb_quality</c> with datatrove's defaults (line_punct_thr 0.12,
/// short_line_thr 0.67 with short = at most 30 chars, char_duplicates_ratio 0.01, new_line_ratio 0.3). Lines are
/// the non-blank "\n"-lines. Line(i) is a distinct 39-character, 8-word line without final punctuation
/// (so "Line(i)." is 40 characters and 9 tokens).
/// </summary>
public class FineWebConformanceTests
{
    // "line aaaa has some words for testing ok": 8 words, 39 chars (not short), distinct per i
    internal static string Line(int i) => $"line {GopherRepetitionConformanceTests.W('a', i)} has some words for testing ok";

    private static string Lines(int total, int withPeriod, int shortLines = 0, int from = 0)
    {
        var l = new List<string>();
        for (int i = 0; i < total; i++)
        {
            string s = i < shortLines ? $"short {GopherRepetitionConformanceTests.W('s', i + from)} a b c" : Line(i + from);
            l.Add(i < withPeriod ? s + "." : s);
        }
        return string.Join('\n', l);
    }

    public static TheoryData<string, string, string?> Cases()
    {
        var d = new TheoryData<string, string, string?>();
        // --- empty: no non-blank line
        d.Add("empty string", "", "empty");
        d.Add("only newlines", "\n\n\n", "empty");
        d.Add("only whitespace lines", "  \n\t\n \u3000 ", "empty");
        // --- line_punct_ratio: lines ending with TERMINAL_PUNCTUATION / lines < 0.12
        d.Add("25 lines, 3 end with '.': 0.12 is not < 0.12", Lines(25, 3), null);
        d.Add("25 lines, 2 end with '.': 0.08", Lines(25, 2), "line_punct_ratio");
        d.Add("10 lines, 1 ends with '.': 0.1", Lines(10, 1), "line_punct_ratio");
        d.Add("10 lines, 2 end with '.': 0.2", Lines(10, 2), null);
        d.Add("no line ends with punctuation: 0", Lines(10, 0), "line_punct_ratio");
        d.Add("'。' is terminal: 2/12 = 0.167", Lines(10, 0) + "\n一二三四五六七八九十。\n十一二三四五六七八九。", null);
        d.Add("'!' and '?' are terminal", Lines(8, 0) + "\nIs this a question for all of you?\nWhat an exclamation it is for us!", null);
        d.Add("'\"' is not terminal", Lines(8, 0) + "\nHe said it is \"over and done.\"\nShe said \"it is not over yet.\"", "line_punct_ratio");
        d.Add("trailing space after '.' does not count (no strip)", Lines(8, 0) + "\n" + Line(100) + ". \n" + Line(101) + ". ", "line_punct_ratio");
        d.Add("blank lines are not counted: 2/10 with 5 blank lines in between", Lines(10, 2).Replace("\n", "\n\n"), null);
        d.Add("'…' is not in TERMINAL_PUNCTUATION", Lines(8, 0) + "\n" + Line(100) + "…\n" + Line(101) + "…", "line_punct_ratio");
        // --- short_line_ratio: lines of ≤ 30 chars / lines > 0.67 (short lines here are 'short saaa a b c' = 16 chars)
        d.Add("100 lines, 67 short: 0.67 is not > 0.67", Lines(100, 100, 67), null);
        d.Add("100 lines, 68 short: 0.68", Lines(100, 100, 68), "short_line_ratio");
        d.Add("3 lines, 2 short: 0.667 is not > 0.67", Lines(3, 3, 2), null);
        d.Add("3 lines, 3 short", Lines(3, 3, 3), "short_line_ratio");
        d.Add("a 30-char line is short", string.Join('\n', Enumerable.Range(0, 3).Select(i => Pad(i, 29) + ".")), "short_line_ratio");
        d.Add("a 31-char line is not short", string.Join('\n', Enumerable.Range(0, 3).Select(i => Pad(i, 30) + ".")), null);
        d.Add("30 chars with an emoji (1 code point, 2 UTF-16 units) is short", string.Join('\n', Enumerable.Range(0, 3).Select(i => Pad(i, 28) + "😀.")), "short_line_ratio");
        // --- char_dup_ratio: chars of repeated non-blank lines / chars without newlines > 0.01
        //     20 lines of 40 chars (with '.') = 800 chars, one line repeated once more: 40 / 840 = 0.048
        d.Add("one duplicated 40-char line in 21", Lines(20, 20) + "\n" + Line(0) + ".", "char_dup_ratio");
        //     101 lines of 40 chars = 4040, one duplicate of a 'x.' line (2 chars): 2 / 4044 = 0.0005
        d.Add("a duplicated 2-char line in 4000 chars: 2/4044", Lines(101, 101) + "\nx.\nx.", null);
        //     a duplicated short line of 31 chars: (31) / (101*40 + 62) = 0.0076
        d.Add("duplicated 31-char line: 31/4102 = 0.0076", Lines(101, 101) + "\n" + Pad(1, 30) + ".\n" + Pad(1, 30) + ".", null);
        //     a duplicated 41-char line: 41 / (40*40 + 82) = 0.0244
        d.Add("duplicated 41-char line: 41/1682 = 0.024", Lines(40, 40) + "\n" + Pad(2, 40) + ".\n" + Pad(2, 40) + ".", "char_dup_ratio");
        d.Add("the first copy is not counted, three copies count two: 2*5/(25*40 + 15) = 0.00985", Lines(25, 25) + "\nabcd.\nabcd.\nabcd.", null);
        d.Add("four copies count three: 3*5/(25*40+20) = 0.0147", Lines(25, 25) + "\nabcd.\nabcd.\nabcd.\nabcd.", "char_dup_ratio");
        d.Add("lines differing only in trailing space are different", Lines(20, 20) + "\n" + Line(0) + ". ", null);
        // --- list_ratio: newlines / words > 0.3. Each Line has 8 tokens + '.' = 9 tokens.
        d.Add("10 lines of 9 tokens: 9/90 = 0.1", Lines(10, 10), null);
        d.Add("10 long 3-token lines: 9 newlines / 30 tokens = 0.3 is not > 0.3", Line3(10), null);
        d.Add("11 long 3-token lines: 10 / 33 = 0.303", Line3(11), "list_ratio");
        d.Add("blank lines add newlines: 10 lines of 9 tokens with 3 newlines between → 27/90 = 0.3 keep", string.Join("\n\n\n", Enumerable.Range(0, 10).Select(i => Line(i) + ".")), null);
        d.Add("4 newlines between → 36/90 = 0.4", string.Join("\n\n\n\n", Enumerable.Range(0, 10).Select(i => Line(i) + ".")), "list_ratio");
        d.Add("trailing newlines count: 9 + 20 = 29/90 = 0.322", string.Join("\n", Enumerable.Range(0, 10).Select(i => Line(i) + ".")) + new string('\n', 20), "list_ratio");
        d.Add("trailing newlines: 9 + 18 = 27/90 = 0.3", string.Join("\n", Enumerable.Range(0, 10).Select(i => Line(i) + ".")) + new string('\n', 18), null);
        // --- order: punctuation before short lines before duplicates before list ratio
        d.Add("short and unpunctuated → line_punct_ratio first", "a\nb\nc", "line_punct_ratio");
        d.Add("short and duplicated → short_line_ratio first", "a.\na.\na.", "short_line_ratio");
        // --- a few plain good documents
        d.Add("one long punctuated line", Line(0) + ".", null);
        d.Add("one long line with CRLF ending", Line(0) + ".\r\n", "line_punct_ratio"); // line is "...\r", not ending in '.'
        d.Add("prose paragraph", "The committee met on Tuesday to discuss the budget for next year. Members agreed on most items.\nA final vote is expected next week, after a public consultation period ends.", null);
        for (int n = 1; n <= 12; n++)
            d.Add($"{n} good lines", Lines(n, n), n == 0 ? "empty" : null);
        return d;
    }

    // 32-char token + " " + 4-char token + "." = 38 chars, 3 tokens, distinct per i
    private static string Line3(int n) => string.Join('\n', Enumerable.Range(0, n).Select(i =>
        GopherRepetitionConformanceTests.W('a', i) + new string('x', 28) + " " + GopherRepetitionConformanceTests.W('b', i) + "."));

    private static string Pad(int i, int len)
    {
        string s = $"pad {GopherRepetitionConformanceTests.W('p', i)} words ";
        return s.Length >= len ? s[..len] : s + new string('q', len - s.Length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecisionFollowsDatatroveDefinition(string label, string text, string? expected)
    {
        var o = new FineWebQualityFilter(new FineWebQualityOptions()).Apply(SharedDocs.Input(text));
        Assert.True(expected == o.Reason, $"{label}: expected {expected ?? "keep"}, got {o.Reason ?? "keep"}");
    }

    [Fact]
    public void TableHasAtLeastFiftyCases() => Assert.True(Cases().Count >= 50);

    [Fact]
    public void ExcludeZeroAndCustomStopChars()
    {
        var text = Lines(10, 0);
        Assert.Equal("line_punct_ratio", new FineWebQualityFilter(new()).Apply(SharedDocs.Input(text)).Reason);
        Assert.True(new FineWebQualityFilter(new() { LinePunctExcludeZero = true }).Apply(SharedDocs.Input(text)).Keep);
        Assert.True(new FineWebQualityFilter(new() { StopChars = ["ok"] }).Apply(SharedDocs.Input(text)).Keep);
    }

    [Fact]
    public void ScoreOnlyRecordsRatios()
    {
        var input = SharedDocs.Input(Lines(25, 2));
        Assert.True(new FineWebQualityFilter(new() { ScoreOnly = true }).Apply(input).Keep);
        var s = input.Metadata["fineweb_quality"]!.AsObject();
        Assert.Equal("line_punct_ratio", s["would_drop"]!.GetValue<string>());
        Assert.Equal(0.08, s["line_punct_ratio"]!.GetValue<double>());
        Assert.Equal(25, s["lines"]!.GetValue<int>());
    }

    [Fact]
    public void RealDocumentsAreDroppedForEachRule()
    {
        var f = new FineWebQualityFilter(new());
        var seen = new Dictionary<string, int>();
        foreach (var file in new[] { "web/dclm_quality_annotated_cc.jsonl.gz", "web/nltk_webtext.jsonl.gz", "web/nltk_udhr2_multilingual.jsonl.gz" })
            foreach (var t in SharedDocs.Texts(file, 1000))
                if (f.Apply(SharedDocs.Input(t)).Reason is { } r) seen[r] = seen.GetValueOrDefault(r) + 1;
        foreach (var w in new[] { "line_punct_ratio", "short_line_ratio", "char_dup_ratio", "list_ratio" })
            Assert.True(seen.ContainsKey(w), $"no real document dropped for {w}: {string.Join(",", seen.Keys)}");
    }
}
