namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="GopherQualityFilter"/>; names and defaults are datatrove's
/// <c>GopherQualityFilter</c> arguments. A null (or zero) threshold disables its rule, as in datatrove.</summary>
public sealed class GopherQualityOptions : IScoreOnlyOptions
{
    /// <summary>Drop with <c>gopher_short_doc</c> when fewer non-symbol words than this.</summary>
    public int? MinDocWords { get; set; } = 50;

    /// <summary>Drop with <c>gopher_long_doc</c> when more non-symbol words than this.</summary>
    public int? MaxDocWords { get; set; } = 100_000;

    /// <summary>Drop with <c>gopher_below_avg_threshold</c> when the mean non-symbol word length (code points) is below this.</summary>
    public double? MinAvgWordLength { get; set; } = 3;

    /// <summary>Drop with <c>gopher_above_avg_threshold</c> when the mean non-symbol word length is above this.</summary>
    public double? MaxAvgWordLength { get; set; } = 10;

    /// <summary>Drop with <c>gopher_too_many_hashes</c> / <c>gopher_too_many_ellipsis</c> when the count of <c>#</c>
    /// (or of <c>...</c> plus <c>…</c>) divided by the word count is above this.</summary>
    public double? MaxSymbolWordRatio { get; set; } = 0.1;

    /// <summary>Drop with <c>gopher_too_many_bullets</c> when the fraction of lines starting (after left-strip) with • or - is above this.</summary>
    public double? MaxBulletLinesRatio { get; set; } = 0.9;

    /// <summary>Drop with <c>gopher_too_many_end_ellipsis</c> when the fraction of lines ending (after right-strip) with ... or … is above this.</summary>
    public double? MaxEllipsisLinesRatio { get; set; } = 0.3;

    /// <summary>Drop with <c>gopher_below_alpha_threshold</c> when the fraction of words containing a letter is BELOW
    /// this (datatrove's name, although it is a minimum).</summary>
    public double? MaxNonAlphaWordsRatio { get; set; } = 0.8;

    /// <summary>Drop with <c>gopher_enough_stop_words</c> when fewer distinct stop words (case-sensitive) occur.</summary>
    public int? MinStopWords { get; set; } = 2;

    /// <summary>The stop words; null means datatrove's <c>the be to of and that have with</c>.</summary>
    public List<string>? StopWords { get; set; }

    /// <summary>Language of the documents (<c>en</c>, <c>zh</c>, <c>cmn_Hani</c>, ...): picks the word tokenizer as
    /// datatrove's <c>language</c> argument does (Chinese: jieba, see <c>LanguageWordTokenizer</c>; others: the English
    /// rules, each CJK character a word). Thresholds and stop words are not changed by it: set them per language
    /// (FineWeb-2's for Chinese are in <c>pipelines/web-zh.yaml</c>).</summary>
    public string Language { get; set; } = "en";

    /// <summary>Keep every document and write the scores to metadata key <c>gopher_quality</c> instead.</summary>
    public bool ScoreOnly { get; set; }

    /// <summary>Exempt math-rich documents (<see cref="MathDetector"/>) from the word-length, '#' ratio and alphabetic-word rules.</summary>
    public bool MathAware { get; set; }

    public void Validate()
    {
        if (MinDocWords < 0 || MaxDocWords < 0 || MinStopWords < 0)
            throw new ArgumentException("gopher_quality: word counts must not be negative");
        if (MinDocWords is > 0 && MaxDocWords is > 0 && MinDocWords > MaxDocWords)
            throw new ArgumentException($"gopher_quality: min_doc_words ({MinDocWords}) exceeds max_doc_words ({MaxDocWords})");
        foreach (var (name, v) in new[] { ("max_symbol_word_ratio", MaxSymbolWordRatio), ("max_bullet_lines_ratio", MaxBulletLinesRatio),
                     ("max_ellipsis_lines_ratio", MaxEllipsisLinesRatio), ("max_non_alpha_words_ratio", MaxNonAlphaWordsRatio) })
            if (v is < 0 or > 1) throw new ArgumentException($"gopher_quality: {name} must be within [0, 1], got {v}");
    }
}
