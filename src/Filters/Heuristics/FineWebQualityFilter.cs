using System.Text.Json.Nodes;
using YuLanData.Filters.Text;
using YuLanData.Filters.Text.Segmentation;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// FineWeb's quality rules (datatrove <c>FineWebQualityFilter</c>): over the non-blank "\n"-lines, the fraction
/// ending in terminal punctuation (<c>line_punct_ratio</c>), the fraction of short lines (<c>short_line_ratio</c>),
/// the characters in duplicate lines (<c>char_dup_ratio</c>), and newlines per word (<c>list_ratio</c>); a text with
/// no non-blank line is dropped as <c>empty</c>.
/// </summary>
[Stage("fineweb_quality", "FineWeb quality heuristics (line punctuation, short lines, duplicate line chars, list ratio), datatrove semantics")]
public sealed class FineWebQualityFilter : ScoringFilter<FineWebQualityFilter.Scored>
{
    private readonly FineWebQualityOptions _o;
    private readonly string[]? _stopChars;
    private readonly LanguageWordTokenizer.Kind _words;

    [ThreadStatic] private static SliceCounter? _counter;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">Thresholds; see <see cref="FineWebQualityOptions"/>.</param>
    public FineWebQualityFilter(FineWebQualityOptions options) : base(options)
    {
        options.Validate();
        _o = options;
        _words = LanguageWordTokenizer.For(options.Language);
        _stopChars = options.StopChars?.ToArray();
    }

    /// <summary>The statistics the rules look at.</summary>
    public readonly record struct Stats(int Lines, double LinePunctRatio, double ShortLineRatio, double CharDupRatio, double NewLinesPerWord);

    /// <summary>Computes the statistics of <paramref name="text"/> (<see cref="Stats.Lines"/> 0 means "empty").</summary>
    /// <param name="text">The document text.</param>
    /// <param name="withWords">Also tokenize to compute the newline-per-word ratio.</param>
    /// <param name="ignoreMarkupDuplicates">Do not count duplicates of pure LaTeX markup lines (math-aware mode).</param>
    public Stats Compute(string text, bool withWords = true, bool ignoreMarkupDuplicates = false)
    {
        var counter = _counter ??= new SliceCounter();
        counter.Reset(text.AsMemory(), 64);
        int lines = 0, punct = 0, shortLines = 0, newlines = 0;
        long dupChars = 0;
        int start = 0;
        while (true)
        {
            int nl = text.AsSpan(start).IndexOf('\n');
            int end = nl < 0 ? text.Length : start + nl;
            var line = text.AsSpan(start, end - start);
            if (!PyText.IsBlank(line))
            {
                lines++;
                if (EndsWithStopChar(line)) punct++;
                int len = PyText.CodePointLength(line);
                if (len <= _o.ShortLineLength) shortLines++;
                ulong h = System.IO.Hashing.XxHash3.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(line));
                counter.Add(h, start, end - start, out bool existed);
                if (existed && !(ignoreMarkupDuplicates && MathDetector.IsMarkupLine(line))) dupChars += len;
            }
            if (nl < 0) break;
            newlines++;
            start = end + 1;
        }
        if (lines == 0) return new Stats(0, 0, 0, 0, 0);
        int charsWithoutNewlines = PyText.CodePointLength(text) - newlines;
        double perWord = 0;
        if (withWords)
        {
            int words = TokenScratch.Words(text, _words).Count;
            perWord = Ratio.Of(newlines, words);
        }
        return new Stats(lines, (double)punct / lines, (double)shortLines / lines, Ratio.Of(dupChars, charsWithoutNewlines), perWord);
    }

    /// <summary>The reason datatrove would drop a document with statistics <paramref name="s"/> for, or null.</summary>
    /// <param name="s">The statistics.</param>
    /// <param name="isMath">Whether the document is math-rich and math-aware mode is on.</param>
    public string? Decide(in Stats s, bool isMath = false)
    {
        if (s.Lines == 0) return "empty";
        if (!isMath && s.LinePunctRatio < _o.LinePunctThr && !(s.LinePunctRatio == 0 && _o.LinePunctExcludeZero)) return "line_punct_ratio";
        if (!isMath && s.ShortLineRatio > _o.ShortLineThr) return "short_line_ratio";
        if (s.CharDupRatio > _o.CharDuplicatesRatio) return "char_dup_ratio";
        if (!isMath && s.NewLinesPerWord > _o.NewLineRatio) return "list_ratio";
        return null;
    }

    /// <summary>A document's statistics and whether the math-aware rules apply to it.</summary>
    public readonly record struct Scored(Stats Stats, bool IsMath);

    /// <inheritdoc />
    public override Scored Score(in FilterInput input, bool complete)
    {
        bool isMath = _o.MathAware && MathDetector.IsMathRich(input.Text);
        if (complete)
            return new Scored(Compute(input.Text, true, isMath), isMath);
        // The word split is the expensive part: only do it when the earlier rules pass (the new-line ratio is
        // the last rule, and math-rich documents skip it).
        var cheap = Compute(input.Text, withWords: false, ignoreMarkupDuplicates: isMath);
        if (isMath || Decide(cheap, isMath) is not null)
            return new Scored(cheap, isMath);
        int words = TokenScratch.Words(input.Text, _words).Count;
        return new Scored(cheap with { NewLinesPerWord = Ratio.Of(input.Text.AsSpan().Count('\n'), words) }, isMath);
    }

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in Scored scores) =>
        Decide(scores.Stats, scores.IsMath) is { } reason ? FilterOutcome.Drop(reason) : FilterOutcome.Kept;

    /// <inheritdoc />
    public override JsonObject ScoreFields(in FilterInput input, in Scored scores)
    {
        var s = scores.Stats;
        return new JsonObject
        {
            ["lines"] = s.Lines,
            ["line_punct_ratio"] = ScoreWriter.Number(s.LinePunctRatio),
            ["short_line_ratio"] = ScoreWriter.Number(s.ShortLineRatio),
            ["char_dup_ratio"] = ScoreWriter.Number(s.CharDupRatio),
            ["new_line_ratio"] = ScoreWriter.Number(s.NewLinesPerWord),
            ["math_rich"] = scores.IsMath,
        };
    }

    private bool EndsWithStopChar(ReadOnlySpan<char> line)
    {
        if (_stopChars is null)
            return DatatrovePunctuation.EndsWithTerminalPunctuation(line) ||
                   (_words == LanguageWordTokenizer.Kind.Chinese && ChinesePunctuation.EndsSentence(line));
        foreach (string s in _stopChars)
            if (line.EndsWith(s, StringComparison.Ordinal)) return true;
        return false;
    }
}
