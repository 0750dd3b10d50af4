using System.Text.Json.Nodes;
using YuLanData.Filters.Text;
using YuLanData.Filters.Text.Segmentation;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// Gopher's quality rules (Rae et al. 2021, Table A1) with datatrove's exact definitions: word counts, mean word
/// length, hash/ellipsis-to-word ratios, bullet and trailing-ellipsis line fractions, alphabetic-word fraction and
/// stop-word presence. Reason codes are datatrove's (<c>gopher_short_doc</c>, …, <c>gopher_enough_stop_words</c>).
/// </summary>
/// <remarks>Words come from <see cref="WordTokenizer"/>; "non-symbol words" are words with a character outside
/// datatrove's PUNCTUATION_SET; word lengths are in code points. Where datatrove divides by zero (an empty document
/// with the word-count rule disabled) the ratio is taken as 0.</remarks>
[Stage("gopher_quality", "Gopher quality heuristics (word counts/lengths, symbol ratios, bullets, stop words), datatrove semantics")]
public sealed class GopherQualityFilter : ScoringFilter<GopherQualityFilter.Scored>
{
    private static readonly string[] DefaultStopWords = ["the", "be", "to", "of", "and", "that", "have", "with"];

    private readonly GopherQualityOptions _o;
    private readonly string[] _stopWords;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _stopIndex;
    private readonly int _minStop, _maxStop;
    private readonly LanguageWordTokenizer.Kind _words;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">Thresholds; see <see cref="GopherQualityOptions"/>.</param>
    public GopherQualityFilter(GopherQualityOptions options) : base(options)
    {
        options.Validate();
        _o = options;
        _words = LanguageWordTokenizer.For(options.Language);
        _stopWords = (options.StopWords ?? [.. DefaultStopWords]).Distinct(StringComparer.Ordinal).ToArray();
        if (_stopWords.Length > 64) throw new ArgumentException("gopher_quality: at most 64 stop_words are supported");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _stopWords.Length; i++) index[_stopWords[i]] = i;
        _stopIndex = index.GetAlternateLookup<ReadOnlySpan<char>>();
        _minStop = _stopWords.Length == 0 ? 1 : _stopWords.Min(w => w.Length);
        _maxStop = _stopWords.Length == 0 ? 0 : _stopWords.Max(w => w.Length);
    }

    /// <summary>The statistics the rules look at.</summary>
    public readonly record struct Stats(
        int Words, int NonSymbolWords, double AvgWordLength, double HashRatio, double EllipsisRatio,
        double BulletLinesRatio, double EllipsisLinesRatio, double AlphaWordsRatio, int StopWords);

    /// <summary>Computes the statistics of <paramref name="text"/>.</summary>
    /// <param name="text">The document text.</param>
    public Stats Compute(string text)
    {
        var tokens = TokenScratch.Words(text, _words);
        int nWords = tokens.Count, nonSymbol = 0, alphaWords = 0;
        long nonSymbolChars = 0;
        ulong stopSeen = 0;
        foreach (var t in tokens)
        {
            var w = t.Of(text);
            if (DatatrovePunctuation.HasNonPunctuation(w))
            {
                nonSymbol++;
                nonSymbolChars += PyText.CodePointLength(w);
            }
            if (PyText.AnyAlpha(w)) alphaWords++;
            if (w.Length >= _minStop && w.Length <= _maxStop && _stopIndex.TryGetValue(w, out int si)) stopSeen |= 1UL << si;
        }
        double avg = nonSymbol == 0 ? double.NaN : (double)nonSymbolChars / nonSymbol;
        int hashes = text.AsSpan().Count('#');
        int ellipses = text.AsSpan().Count("...") + text.AsSpan().Count('…');
        int lines = 0, bullets = 0, endEllipsis = 0;
        foreach (var line in PyText.SplitLines(text))
        {
            lines++;
            var l = PyText.LStrip(line);
            if (l.Length > 0 && (l[0] == '•' || l[0] == '-')) bullets++;
            var r = PyText.RStrip(line);
            if (r.EndsWith("...") || r.EndsWith("…")) endEllipsis++;
        }
        return new Stats(nWords, nonSymbol, avg, Ratio.Of(hashes, nWords), Ratio.Of(ellipses, nWords),
            Ratio.Of(bullets, lines), Ratio.Of(endEllipsis, lines), Ratio.Of(alphaWords, nWords),
            System.Numerics.BitOperations.PopCount(stopSeen));
    }

    /// <summary>The reason datatrove would drop a document with statistics <paramref name="s"/> for, or null to keep it.</summary>
    /// <param name="s">The statistics.</param>
    /// <param name="isMath">Whether the document is math-rich and math-aware mode is on.</param>
    public string? Decide(in Stats s, bool isMath = false)
    {
        if (Ratio.Enabled(_o.MinDocWords) && s.NonSymbolWords < _o.MinDocWords) return "gopher_short_doc";
        if (Ratio.Enabled(_o.MaxDocWords) && s.NonSymbolWords > _o.MaxDocWords) return "gopher_long_doc";
        if (!isMath && Ratio.Enabled(_o.MinAvgWordLength) && s.AvgWordLength < _o.MinAvgWordLength) return "gopher_below_avg_threshold";
        if (!isMath && Ratio.Enabled(_o.MaxAvgWordLength) && s.AvgWordLength > _o.MaxAvgWordLength) return "gopher_above_avg_threshold";
        if (!isMath && Ratio.Enabled(_o.MaxSymbolWordRatio) && s.HashRatio > _o.MaxSymbolWordRatio) return "gopher_too_many_hashes";
        if (Ratio.Enabled(_o.MaxSymbolWordRatio) && s.EllipsisRatio > _o.MaxSymbolWordRatio) return "gopher_too_many_ellipsis";
        if (Ratio.Enabled(_o.MaxBulletLinesRatio) && s.BulletLinesRatio > _o.MaxBulletLinesRatio) return "gopher_too_many_bullets";
        if (Ratio.Enabled(_o.MaxEllipsisLinesRatio) && s.EllipsisLinesRatio > _o.MaxEllipsisLinesRatio) return "gopher_too_many_end_ellipsis";
        if (!isMath && Ratio.Enabled(_o.MaxNonAlphaWordsRatio) && s.AlphaWordsRatio < _o.MaxNonAlphaWordsRatio) return "gopher_below_alpha_threshold";
        if (Ratio.Enabled(_o.MinStopWords) && s.StopWords < _o.MinStopWords) return "gopher_enough_stop_words";
        return null;
    }

    /// <summary>A document's statistics and whether the math-aware rules apply to it.</summary>
    public readonly record struct Scored(Stats Stats, bool IsMath);

    /// <inheritdoc />
    public override Scored Score(in FilterInput input, bool complete) =>
        new(Compute(input.Text), _o.MathAware && MathDetector.IsMathRich(input.Text));

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in Scored scores) =>
        Decide(scores.Stats, scores.IsMath) is { } reason ? FilterOutcome.Drop(reason) : FilterOutcome.Kept;

    /// <inheritdoc />
    public override JsonObject ScoreFields(in FilterInput input, in Scored scores)
    {
        var stats = scores.Stats;
        return new JsonObject
        {
            ["n_words"] = stats.Words,
            ["n_non_symbol_words"] = stats.NonSymbolWords,
            ["avg_word_length"] = ScoreWriter.Number(stats.AvgWordLength),
            ["hash_word_ratio"] = ScoreWriter.Number(stats.HashRatio),
            ["ellipsis_word_ratio"] = ScoreWriter.Number(stats.EllipsisRatio),
            ["bullet_lines_ratio"] = ScoreWriter.Number(stats.BulletLinesRatio),
            ["end_ellipsis_lines_ratio"] = ScoreWriter.Number(stats.EllipsisLinesRatio),
            ["alpha_words_ratio"] = ScoreWriter.Number(stats.AlphaWordsRatio),
            ["stop_words"] = stats.StopWords,
            ["math_rich"] = scores.IsMath,
        };
    }
}
