using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;
using YuLanData.Filters.Text;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// Decisions of datatrove's own filter code on 2,002 real documents from ../shared/data, recorded in
/// Reference/datatrove_expected.jsonl.gz (see Reference/README.md for how it was produced: datatrove's Python
/// filters fed with this project's word tokens and sentence counts). Every rule is also checked alone (all
/// other rules disabled), so a wrong rule cannot hide behind an earlier one.
/// </summary>
public class DatatroveReferenceTests
{
    private static readonly Lazy<List<(JsonObject Expected, string Text)>> Cases = new(Load);

    private static List<(JsonObject, string)> Load()
    {
        string path = Path.Combine(YuLanData.Testing.RepoPaths.Root, "tests", "Filters.Tests", "Heuristics", "Reference", "datatrove_expected.jsonl.gz");
        using var r = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var expected = new List<JsonObject>();
        string? line;
        while ((line = r.ReadLine()) != null) expected.Add(JsonNode.Parse(line)!.AsObject());
        var texts = new Dictionary<string, List<string>>();
        var result = new List<(JsonObject, string)>();
        foreach (var e in expected)
        {
            string file = e["file"]!.GetValue<string>();
            if (!texts.TryGetValue(file, out var list)) texts[file] = list = SharedDocs.Texts(file, 1000);
            result.Add((e, list[e["idx"]!.GetValue<int>()]));
        }
        return result;
    }

    // Per-document measurements computed once; the rule-alone checks decide from them (the same code path the
    // filters use), which keeps this test class fast.
    private sealed record Measured(GopherQualityFilter.Stats Quality, JsonObject Repetition, FineWebQualityFilter.Stats FineWeb);

    private static readonly Lazy<Dictionary<string, Measured>> Measurements = new(() =>
    {
        var gq = new GopherQualityFilter(new());
        var gr = new GopherRepetitionFilter(new());
        var fw = new FineWebQualityFilter(new());
        var result = new Dictionary<string, Measured>(StringComparer.Ordinal);
        foreach (var (_, text) in Cases.Value)
        {
            if (result.ContainsKey(text)) continue;
            var rep = new JsonObject();
            gr.Evaluate(text, rep);
            result[text] = new Measured(gq.Compute(text), rep, fw.Compute(text));
        }
        return result;
    });

    private static string? Reason(IDocumentFilter f, string text)
    {
        var o = f.Apply(SharedDocs.Input(text));
        return o.Keep ? null : o.Reason;
    }

    private static void Compare(string key, Func<string, string?> actual)
    {
        var mismatches = new List<string>();
        foreach (var (e, text) in Cases.Value)
        {
            string? want = e[key]?.GetValue<string>();
            string? got = actual(text);
            if (want != got) mismatches.Add($"{e["file"]}#{e["idx"]}: datatrove={want ?? "keep"} ours={got ?? "keep"}");
        }
        Assert.True(mismatches.Count == 0, $"{key}: {mismatches.Count} of {Cases.Value.Count} differ:\n" + string.Join("\n", mismatches.Take(15)));
    }

    [Fact]
    public void ReferenceCoversManyDocumentsAndDecisions()
    {
        Assert.Equal(2002, Cases.Value.Count);
        // the fixture must exercise both outcomes of the main filters
        foreach (var key in new[] { "gopher_quality", "gopher_repetition", "fineweb_quality", "c4_paragraph" })
        {
            int drops = Cases.Value.Count(c => c.Expected[key] is not null);
            Assert.InRange(drops, 20, 1990);
        }
    }

    [Fact]
    public void GopherQualityDefaultMatches() => Compare("gopher_quality", t => Reason(new GopherQualityFilter(new()), t));

    [Theory]
    [InlineData("min_doc_words")]
    [InlineData("max_doc_words")]
    [InlineData("min_avg_word_length")]
    [InlineData("max_avg_word_length")]
    [InlineData("max_symbol_word_ratio")]
    [InlineData("max_bullet_lines_ratio")]
    [InlineData("max_ellipsis_lines_ratio")]
    [InlineData("max_non_alpha_words_ratio")]
    [InlineData("min_stop_words")]
    public void GopherQualityEachRuleAloneMatches(string rule)
    {
        var o = new GopherQualityOptions
        {
            MinDocWords = null, MaxDocWords = null, MinAvgWordLength = null, MaxAvgWordLength = null, MaxSymbolWordRatio = null,
            MaxBulletLinesRatio = null, MaxEllipsisLinesRatio = null, MaxNonAlphaWordsRatio = null, MinStopWords = null,
        };
        var d = new GopherQualityOptions();
        switch (rule)
        {
            case "min_doc_words": o.MinDocWords = d.MinDocWords; break;
            case "max_doc_words": o.MaxDocWords = d.MaxDocWords; break;
            case "min_avg_word_length": o.MinAvgWordLength = d.MinAvgWordLength; break;
            case "max_avg_word_length": o.MaxAvgWordLength = d.MaxAvgWordLength; break;
            case "max_symbol_word_ratio": o.MaxSymbolWordRatio = d.MaxSymbolWordRatio; break;
            case "max_bullet_lines_ratio": o.MaxBulletLinesRatio = d.MaxBulletLinesRatio; break;
            case "max_ellipsis_lines_ratio": o.MaxEllipsisLinesRatio = d.MaxEllipsisLinesRatio; break;
            case "max_non_alpha_words_ratio": o.MaxNonAlphaWordsRatio = d.MaxNonAlphaWordsRatio; break;
            case "min_stop_words": o.MinStopWords = d.MinStopWords; break;
        }
        var f = new GopherQualityFilter(o);
        Compare("gq_only_" + rule, t => f.Decide(Measurements.Value[t].Quality));
    }

    [Fact]
    public void GopherRepetitionDefaultMatches() => Compare("gopher_repetition", t => Reason(new GopherRepetitionFilter(new()), t));

    private static string? AloneRepetition(string text, string code, double frac) =>
        Measurements.Value[text].Repetition[code] is JsonNode v && v.GetValue<double>() > frac ? code : null;

    [Fact]
    public void RepetitionScoresDecideLikeTheFilter()
    {
        // the scores used above give the filter's own decision on every document
        var f = new GopherRepetitionFilter(new());
        foreach (var (_, text) in Cases.Value.Take(300))
            Assert.Equal(f.Evaluate(text, null), f.Evaluate(text, new JsonObject()));
    }

    private static GopherRepetitionOptions RepetitionNone() => new()
    {
        DupLineFrac = null, DupParaFrac = null, DupLineCharFrac = null, DupParaCharFrac = null, TopNGrams = new(), DupNGrams = new(),
    };

    [Theory]
    [InlineData("dup_line_frac")]
    [InlineData("dup_para_frac")]
    [InlineData("dup_line_char_frac")]
    [InlineData("dup_para_char_frac")]
    public void GopherRepetitionLineAndParagraphRulesAloneMatch(string rule)
    {
        var o = RepetitionNone();
        switch (rule)
        {
            case "dup_line_frac": o.DupLineFrac = 0.3; break;
            case "dup_para_frac": o.DupParaFrac = 0.3; break;
            case "dup_line_char_frac": o.DupLineCharFrac = 0.2; break;
            case "dup_para_char_frac": o.DupParaCharFrac = 0.2; break;
        }
        double frac = o.DupLineFrac ?? o.DupParaFrac ?? o.DupLineCharFrac ?? o.DupParaCharFrac ?? 0;
        Compare("gr_only_" + rule, t => AloneRepetition(t, rule, frac));
    }

    [Theory]
    [InlineData(2, 0.2)]
    [InlineData(3, 0.18)]
    [InlineData(4, 0.16)]
    public void GopherRepetitionTopNGramAloneMatches(int n, double frac)
    {
        Compare($"gr_only_top_{n}", t => AloneRepetition(t, $"top_{n}_gram", frac));
    }

    [Theory]
    [InlineData(5, 0.15)]
    [InlineData(6, 0.14)]
    [InlineData(7, 0.13)]
    [InlineData(8, 0.12)]
    [InlineData(9, 0.11)]
    [InlineData(10, 0.10)]
    public void GopherRepetitionDuplicatedNGramAloneMatches(int n, double frac)
    {
        Compare($"gr_only_dup_{n}", t => AloneRepetition(t, $"duplicated_{n}_n_grams", frac));
    }

    [Fact]
    public void FineWebDefaultMatches() => Compare("fineweb_quality", t => Reason(new FineWebQualityFilter(new()), t));

    [Theory]
    [InlineData("line_punct_thr")]
    [InlineData("short_line_thr")]
    [InlineData("char_duplicates_ratio")]
    [InlineData("new_line_ratio")]
    public void FineWebEachRuleAloneMatches(string rule)
    {
        var o = new FineWebQualityOptions { LinePunctThr = 0, ShortLineThr = 1.0, CharDuplicatesRatio = 1.0, NewLineRatio = 1e18 };
        switch (rule)
        {
            case "line_punct_thr": o.LinePunctThr = 0.12; break;
            case "short_line_thr": o.ShortLineThr = 0.67; break;
            case "char_duplicates_ratio": o.CharDuplicatesRatio = 0.01; break;
            case "new_line_ratio": o.NewLineRatio = 0.3; break;
        }
        var f = new FineWebQualityFilter(o);
        Compare("fw_only_" + rule, t => f.Decide(Measurements.Value[t].FineWeb));
    }

    private static string? C4Outcome(C4QualityOptions o, string text)
    {
        var r = new C4QualityFilter(o).Apply(SharedDocs.Input(text));
        if (!r.Keep) return r.Reason;
        return "text:" + Md5(r.NewText ?? text);
    }

    private static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    [Fact]
    public void C4QualityDefaultMatchesIncludingRewrittenText() => Compare("c4_quality", t => C4Outcome(new C4QualityOptions(), t));

    [Fact]
    public void C4QualityWithoutTerminalPunctMatches() =>
        Compare("c4_quality_no_punct", t => C4Outcome(new C4QualityOptions { FilterNoTerminalPunct = false }, t));

    [Fact]
    public void C4ParagraphMatches() => Compare("c4_paragraph", t => Reason(new C4ParagraphFilter(new()), t));

    [Fact]
    public void SimplifyTextMatches() => Compare("simplify", t => Md5(TextSimplifier.Simplify(t)));
}
