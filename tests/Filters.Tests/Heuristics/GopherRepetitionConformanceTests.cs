using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// Hand-built conformance table for <c>gopher_repetition</c>. Most cases enable one rule alone (the others
/// disabled) so the arithmetic in the comment decides the outcome; L is the text length in characters.
/// Words W(p, i) are distinct 4-letter words (prefix + 3 letters), so no n-gram repeats unless intended.
/// </summary>
public class GopherRepetitionConformanceTests
{
    internal static string W(char prefix, int i) =>
        $"{prefix}{(char)('a' + i / 676 % 26)}{(char)('a' + i / 26 % 26)}{(char)('a' + i % 26)}";

    private static string Words(char prefix, int from, int count) =>
        string.Join(' ', Enumerable.Range(from, count).Select(i => W(prefix, i)));

    private static string Chars(char prefix, int len)
    {
        // a paragraph of exactly len characters made of distinct 4-letter words (len = 5k - 1) plus padding
        var s = Words(prefix, 0, (len + 1) / 5);
        return s.Length >= len ? s[..len] : s + new string('z', len - s.Length);
    }

    private static string Dups(string unique, string dup, int uniqueCount, int dupCount, string sep) =>
        string.Join(sep, Enumerable.Range(0, uniqueCount).Select(i => unique + W('u', i)).Concat(Enumerable.Repeat(dup, dupCount)));

    public static GopherRepetitionOptions Only(string rule, double? value = null)
    {
        var o = new GopherRepetitionOptions
        {
            DupLineFrac = null, DupParaFrac = null, DupLineCharFrac = null, DupParaCharFrac = null, TopNGrams = new(), DupNGrams = new(),
        };
        switch (rule)
        {
            case "dup_line_frac": o.DupLineFrac = value ?? 0.3; break;
            case "dup_para_frac": o.DupParaFrac = value ?? 0.3; break;
            case "dup_line_char_frac": o.DupLineCharFrac = value ?? 0.2; break;
            case "dup_para_char_frac": o.DupParaCharFrac = value ?? 0.2; break;
            default:
                int n = int.Parse(rule.Split('_')[1]);
                var defaults = new GopherRepetitionOptions();
                if (rule.StartsWith("top_")) o.TopNGrams[n] = value ?? defaults.TopNGrams[n];
                else o.DupNGrams[n] = value ?? defaults.DupNGrams[n];
                break;
        }
        return o;
    }

    public static TheoryData<string, string, string, string?> Cases()
    {
        var d = new TheoryData<string, string, string, string?>();
        // --- dup_para_frac 0.3: paragraphs split on 2+ newlines; u unique + c copies of "dup" → (c-1)/(u+c)
        d.Add("7 unique + 3 copies: 2/10 = 0.2", "dup_para_frac", Dups("p ", "dup", 7, 3, "\n\n"), null);
        d.Add("6 unique + 4 copies: 3/10 = 0.3 is not > 0.3", "dup_para_frac", Dups("p ", "dup", 6, 4, "\n\n"), null);
        d.Add("5 unique + 5 copies: 4/10 = 0.4", "dup_para_frac", Dups("p ", "dup", 5, 5, "\n\n"), "dup_para_frac");
        d.Add("8 unique + 5 copies: 4/13 = 0.308", "dup_para_frac", Dups("p ", "dup", 8, 5, "\n\n"), "dup_para_frac");
        d.Add("9 unique + 5 copies: 4/14 = 0.286", "dup_para_frac", Dups("p ", "dup", 9, 5, "\n\n"), null);
        d.Add("single newlines do not split paragraphs: 1 paragraph", "dup_para_frac", Dups("p ", "dup", 1, 5, "\n"), null);
        d.Add("3+ newlines split like 2: 4/10", "dup_para_frac", Dups("p ", "dup", 5, 5, "\n\n\n\n"), "dup_para_frac");
        d.Add("surrounding blank lines are stripped first: 2/10", "dup_para_frac", "\n\n\n" + Dups("p ", "dup", 7, 3, "\n\n") + "\n\n\n", null);
        // --- dup_para_char_frac 0.2: A \n\n B \n\n B with |A| = a, |B| = b → b / (a + 2b + 4)
        d.Add("a=100 b=30: 30/164 = 0.183", "dup_para_char_frac", $"{Chars('a', 100)}\n\n{Chars('b', 30)}\n\n{Chars('b', 30)}", null);
        d.Add("a=100 b=40: 40/184 = 0.217", "dup_para_char_frac", $"{Chars('a', 100)}\n\n{Chars('b', 40)}\n\n{Chars('b', 40)}", "dup_para_char_frac");
        d.Add("a=56 b=20: 20/100 = 0.2 is not > 0.2", "dup_para_char_frac", $"{Chars('a', 56)}\n\n{Chars('b', 20)}\n\n{Chars('b', 20)}", null);
        d.Add("a=55 b=20: 20/99 = 0.202", "dup_para_char_frac", $"{Chars('a', 55)}\n\n{Chars('b', 20)}\n\n{Chars('b', 20)}", "dup_para_char_frac");
        d.Add("emoji count as 1 char: a=56 b=20 with 😀 (2 UTF-16 units) in A: still 20/100", "dup_para_char_frac",
            $"{Chars('a', 55)}😀\n\n{Chars('b', 20)}\n\n{Chars('b', 20)}", null);
        // --- dup_line_frac 0.3: lines split on newline runs → (c-1)/(u+c)
        d.Add("lines 7 unique + 3 copies: 2/10", "dup_line_frac", Dups("l ", "dup", 7, 3, "\n"), null);
        d.Add("lines 6 unique + 4 copies: 3/10", "dup_line_frac", Dups("l ", "dup", 6, 4, "\n"), null);
        d.Add("lines 5 unique + 5 copies: 4/10", "dup_line_frac", Dups("l ", "dup", 5, 5, "\n"), "dup_line_frac");
        d.Add("blank lines vanish: 'x\\n\\n\\nx' → [x, x]: 1/2", "dup_line_frac", "x\n\n\nx", "dup_line_frac");
        d.Add("leading and trailing newline give two empty lines: ['', A, ''] → 1/3", "dup_line_frac", "\nAAAA\n", "dup_line_frac");
        d.Add("only a leading newline: ['', A, B, C] → 0/4", "dup_line_frac", "\nAAAA\nBBBB\nCCCC", null);
        d.Add("'\\r' is not a line break here: 1 line", "dup_line_frac", "dup\rdup\rdup", null);
        // --- dup_line_char_frac 0.2: A \n B \n B → b / (a + 2b + 2)
        d.Add("a=58 b=20: 20/100 = 0.2", "dup_line_char_frac", $"{Chars('a', 58)}\n{Chars('b', 20)}\n{Chars('b', 20)}", null);
        d.Add("a=57 b=20: 20/99 = 0.202", "dup_line_char_frac", $"{Chars('a', 57)}\n{Chars('b', 20)}\n{Chars('b', 20)}", "dup_line_char_frac");
        d.Add("a=200 b=20: 20/242 = 0.083", "dup_line_char_frac", $"{Chars('a', 200)}\n{Chars('b', 20)}\n{Chars('b', 20)}", null);
        // --- top_2_gram 0.2: "ab cd" × c then m distinct 4-letter words: L = 4c + 4m + (2c + m - 1); top = 5c
        d.Add("c=10 m=40: 50/259 = 0.193", "top_2", Pairs(10) + " " + Words('f', 0, 40), null);
        d.Add("c=10 m=38: 50/249 = 0.2008", "top_2", Pairs(10) + " " + Words('f', 0, 38), "top_2_gram");
        d.Add("no 2-gram in a one-word text", "top_2", "word", null);
        // --- top_3_gram 0.18: "ab cd ef" × c then m words: L = 9c + 5m - 1; top = 8c
        d.Add("c=10 m=71: 80/444 = 0.1802", "top_3", Triples(10) + " " + Words('f', 0, 71), "top_3_gram");
        d.Add("c=10 m=72: 80/449 = 0.1782", "top_3", Triples(10) + " " + Words('f', 0, 72), null);
        // --- top_4_gram 0.16: "ab cd ef gh" × c then m words: L = 12c + 5m - 1; top = 11c
        d.Add("c=10 m=113: 110/684 = 0.1608", "top_4", Quads(10) + " " + Words('f', 0, 113), "top_4_gram");
        d.Add("c=10 m=114: 110/689 = 0.1597", "top_4", Quads(10) + " " + Words('f', 0, 114), null);
        // --- ties: Counter.most_common(1) returns the first-seen of the most frequent n-grams (threshold 0.5 here)
        d.Add("tie, 'a b' seen first: 3*2/21 = 0.286", "top_2@0.5", "a b a b ccc ddd ccc ddd", null);
        d.Add("tie, 'ccc ddd' seen first: 7*2/21 = 0.667", "top_2@0.5", "ccc ddd ccc ddd a b a b", "top_2_gram");
        // --- duplicated_{n}_n_grams: n distinct words repeated twice, then m distinct words (all 4 letters):
        //     repeated = 4n (second copy, no spaces), L = 5(2n + m) - 1
        d.Add("n=5 m=16: 20/129 = 0.155 > 0.15", "dup_5", Repeated(5, 16), "duplicated_5_n_grams");
        d.Add("n=5 m=17: 20/134 = 0.149", "dup_5", Repeated(5, 17), null);
        d.Add("n=6 m=22: 24/169 = 0.142 > 0.14", "dup_6", Repeated(6, 22), "duplicated_6_n_grams");
        d.Add("n=6 m=23: 24/174 = 0.138", "dup_6", Repeated(6, 23), null);
        d.Add("n=7 m=29: 28/214 = 0.131 > 0.13", "dup_7", Repeated(7, 29), "duplicated_7_n_grams");
        d.Add("n=7 m=30: 28/219 = 0.128", "dup_7", Repeated(7, 30), null);
        d.Add("n=8 m=37: 32/264 = 0.121 > 0.12", "dup_8", Repeated(8, 37), "duplicated_8_n_grams");
        d.Add("n=8 m=38: 32/269 = 0.119", "dup_8", Repeated(8, 38), null);
        d.Add("n=9 m=47: 36/324 = 0.111 > 0.11", "dup_9", Repeated(9, 47), "duplicated_9_n_grams");
        d.Add("n=9 m=48: 36/329 = 0.109", "dup_9", Repeated(9, 48), null);
        d.Add("n=10 m=60: 40/399 = 0.1003 > 0.10", "dup_10", Repeated(10, 60), "duplicated_10_n_grams");
        d.Add("n=10 m=61: 40/404 = 0.099", "dup_10", Repeated(10, 61), null);
        d.Add("n-grams are joined WITHOUT spaces: [ab c d e f] = [a bc d e f] → 6/21", "dup_5", "ab c d e f a bc d e f", "duplicated_5_n_grams");
        d.Add("fewer words than n: nothing repeated", "dup_10", "a b c d e f", null);
        d.Add("three copies of 5 words, no filler: scan jumps n after a repeat → 40/74", "dup_5", string.Join(' ', Enumerable.Repeat(Words('s', 0, 5), 3)), "duplicated_5_n_grams");
        // --- all defaults
        d.Add("defaults: 80 distinct words in 8 lines", "defaults", string.Join('\n', Enumerable.Range(0, 8).Select(i => Words('w', i * 10, 10))), null);
        d.Add("defaults: 1 paragraph; 10 lines of 49 chars, one line 4 times: 3/10 = 0.3 is not > 0.3, but chars 3*49/499 = 0.295 > 0.2",
            "defaults", string.Join('\n', Enumerable.Range(0, 6).Select(i => Words('w', i * 10, 10)).Concat(Enumerable.Repeat(Words('x', 0, 10), 4))), "dup_line_char_frac");
        d.Add("defaults: duplicate paragraphs reported before lines", "defaults", Dups("p ", "dup", 5, 5, "\n\n"), "dup_para_frac");
        d.Add("defaults: empty text", "defaults", "", null);
        d.Add("defaults: whitespace only: one empty paragraph, but lines [' ', ' '] → 1/2", "defaults", " \n\n ", "dup_line_frac");
        return d;
    }

    private static string Pairs(int c) => string.Join(' ', Enumerable.Repeat("ab cd", c));
    private static string Triples(int c) => string.Join(' ', Enumerable.Repeat("ab cd ef", c));
    private static string Quads(int c) => string.Join(' ', Enumerable.Repeat("ab cd ef gh", c));
    private static string Repeated(int n, int m) => Words('s', 0, n) + " " + Words('s', 0, n) + " " + Words('f', 0, m);

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecisionFollowsDatatroveDefinition(string label, string rule, string text, string? expected)
    {
        GopherRepetitionOptions o = rule switch
        {
            "defaults" => new GopherRepetitionOptions(),
            "top_2@0.5" => Only("top_2", 0.5),
            _ => Only(rule),
        };
        var outcome = new GopherRepetitionFilter(o).Apply(SharedDocs.Input(text));
        Assert.True(expected == outcome.Reason, $"{label}: expected {expected ?? "keep"}, got {outcome.Reason ?? "keep"}");
    }

    [Fact]
    public void TableHasAtLeastFiftyCases() => Assert.True(Cases().Count >= 50);

    [Fact]
    public void ScoreOnlyRecordsEveryRatio()
    {
        var input = SharedDocs.Input(Repeated(5, 16));
        Assert.True(new GopherRepetitionFilter(new GopherRepetitionOptions { ScoreOnly = true }).Apply(input).Keep);
        var s = input.Metadata["gopher_repetition"]!.AsObject();
        Assert.Equal(Math.Round(20.0 / 129, 6), s["duplicated_5_n_grams"]!.GetValue<double>());
        Assert.Equal(0.0, s["dup_line_frac"]!.GetValue<double>());
        Assert.Equal(14, s.Count); // 4 line/paragraph + 3 top + 6 duplicated n-gram ratios + would_drop
    }

    [Theory]
    [InlineData("dup_para_char_frac")]
    [InlineData("dup_line_char_frac")]
    [InlineData("top_3")]
    [InlineData("top_4")]
    [InlineData("dup_6")]
    [InlineData("dup_7")]
    [InlineData("dup_8")]
    [InlineData("dup_9")]
    [InlineData("dup_10")]
    public void RealDocumentsTripEachRuleAlone(string rule)
    {
        var f = new GopherRepetitionFilter(Only(rule));
        var texts = SharedDocs.Texts("web/datajuicer_redpajama_pile_samples.jsonl").Concat(SharedDocs.Texts("web/dclm_quality_annotated_cc.jsonl.gz"));
        Assert.Contains(texts, t => f.Apply(SharedDocs.Input(t)).Reason is not null);
    }

    [Fact]
    public void RealDocumentsAreDroppedForRepetition()
    {
        var f = new GopherRepetitionFilter(new GopherRepetitionOptions());
        var seen = new Dictionary<string, int>();
        foreach (var file in new[] { "web/dclm_quality_annotated_cc.jsonl.gz", "web/datajuicer_redpajama_pile_samples.jsonl", "math/hott_book_latex.jsonl.gz" })
            foreach (var t in SharedDocs.Texts(file))
                if (f.Apply(SharedDocs.Input(t)).Reason is { } r) seen[r] = seen.GetValueOrDefault(r) + 1;
        foreach (var w in new[] { "dup_line_frac", "dup_para_frac", "top_2_gram", "duplicated_5_n_grams" })
            Assert.True(seen.ContainsKey(w), $"no real document dropped for {w}; seen: {string.Join(",", seen.Select(kv => kv.Key + "=" + kv.Value))}");
    }
}
