using YuLanData.Filters;
using YuLanData.Filters.Text;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.Stages.BuiltIn;

/// <summary>
/// Rewrites each document's text with <see cref="TextNormalizer"/> (mojibake repair, control characters, NFC,
/// whitespace-only lines, blank-line runs) and counts the changes by kind in the stage's stats counters:
/// <c>mojibake_repairs</c>, <c>control_chars_dropped</c>, <c>line_ends_unified</c>, <c>surrogates_replaced</c>,
/// <c>nfc_documents</c>, <c>whitespace_only_lines</c>, <c>blank_lines_removed</c>, <c>documents_changed</c>.
/// Never drops a document.
/// </summary>
[Stage("text_normalize", "clean text: repair UTF-8/Latin-1 mojibake, drop control characters, NFC, empty whitespace-only lines, collapse blank-line runs")]
public sealed class TextNormalizeStage : IPipelineStage, IReportsCounters
{
    private readonly TextNormalizeOptions _options;
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);

    /// <param name="options">Which changes to make.</param>
    public TextNormalizeStage(TextNormalizeOptions options) => _options = options;

    public IReadOnlyDictionary<string, long> Counters => _counters;

    public FilterOutcome Process(Document doc)
    {
        doc.Text = TextNormalizer.Normalize(doc.Text, _options, out var c);
        if (!c.Any)
            return FilterOutcome.Kept;
        Add("mojibake_repairs", c.MojibakeRepairs);
        Add("control_chars_dropped", c.ControlCharsDropped);
        Add("line_ends_unified", c.LineEndsUnified);
        Add("surrogates_replaced", c.SurrogatesReplaced);
        Add("nfc_documents", c.NfcChanged ? 1 : 0);
        Add("whitespace_only_lines", c.WhitespaceOnlyLines);
        Add("blank_lines_removed", c.BlankLinesRemoved);
        Add("documents_changed", 1);
        return FilterOutcome.Kept;
    }

    private void Add(string key, long amount)
    {
        if (amount != 0)
            _counters[key] = _counters.GetValueOrDefault(key) + amount;
    }
}
