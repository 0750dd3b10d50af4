namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="FineWebQualityFilter"/>; names and defaults are datatrove's <c>FineWebQualityFilter</c> arguments.</summary>
public sealed class FineWebQualityOptions : IScoreOnlyOptions
{
    /// <summary>Drop with <c>line_punct_ratio</c> when the fraction of non-blank lines ending in a stop char is below this.</summary>
    public double LinePunctThr { get; set; } = 0.12;

    /// <summary>Do not apply the line-punctuation rule when that fraction is exactly 0.</summary>
    public bool LinePunctExcludeZero { get; set; }

    /// <summary>Line endings that count as punctuation; null means datatrove's TERMINAL_PUNCTUATION.</summary>
    public List<string>? StopChars { get; set; }

    /// <summary>Drop with <c>short_line_ratio</c> when the fraction of non-blank lines of at most
    /// <see cref="ShortLineLength"/> characters is above this.</summary>
    public double ShortLineThr { get; set; } = 0.67;

    /// <summary>A line with at most this many characters (code points) is short.</summary>
    public int ShortLineLength { get; set; } = 30;

    /// <summary>Drop with <c>char_dup_ratio</c> when characters in duplicate non-blank lines over the text length
    /// without newlines is above this.</summary>
    public double CharDuplicatesRatio { get; set; } = 0.01;

    /// <summary>Drop with <c>list_ratio</c> when newlines per word is above this.</summary>
    public double NewLineRatio { get; set; } = 0.3;

    /// <summary>Language of the documents: picks the word tokenizer for <c>list_ratio</c> (Chinese: jieba), as
    /// datatrove's <c>language</c> argument does. For Chinese, when <see cref="StopChars"/> is not set, a line also
    /// counts as ending in punctuation when closing quotes or brackets follow the final mark (<c>。”</c>, <c>！」</c>).</summary>
    public string Language { get; set; } = "en";

    /// <summary>Keep every document and write the scores to metadata key <c>fineweb_quality</c> instead.</summary>
    public bool ScoreOnly { get; set; }

    /// <summary>For math-rich documents (<see cref="MathDetector"/>) do not apply the line-punctuation, short-line and
    /// list rules, and do not count duplicated pure-markup lines (<see cref="MathDetector.IsMarkupLine"/>).</summary>
    public bool MathAware { get; set; }

    public void Validate()
    {
        if (ShortLineLength < 0) throw new ArgumentException($"fineweb_quality: short_line_length must be >= 0, got {ShortLineLength}");
        if (StopChars is { } sc && sc.Any(string.IsNullOrEmpty)) throw new ArgumentException("fineweb_quality: stop_chars must not contain empty strings");
    }
}
