using System.Text.Json.Nodes;
using YuLanData.Filters;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.Stages;

namespace YuLanData.Jobs.Dedup;

/// <summary>
/// Last stage of exact (content or URL) dedup: drops the documents that <c>yulandata dedup exact</c> chose to drop
/// (reason <c>exact_duplicate</c>). By content (the default): a document is named by its id and its key together, so
/// duplicates are dropped whatever their ids, and of several documents with the same id and content the first of each
/// task is kept. Run it first, over the same inputs with the same id field (its key is computed from the text or
/// field as it reaches the stage).
/// </summary>
[Stage("exact_dedup_filter", "drop exact (content/URL) duplicates found by `yulandata dedup exact` (option: folder)")]
public sealed class ExactDedupFilter : IPipelineStage
{
    private readonly DropList _drop;
    private readonly ExactKeyKind _kind;
    private readonly string _field;
    private readonly bool _stripWww, _byContent;
    private readonly HashSet<UInt128> _seenSameCopies = [];

    /// <param name="options">The dedup folder.</param>
    public ExactDedupFilter(DedupFilterOptions options)
    {
        _drop = DropList.Load(options.Folder, DedupMode.Exact);
        var exact = _drop.Exact;
        _kind = exact?["key"]?.GetValue<string>() switch
        {
            "text" => ExactKeyKind.Text,
            "field" => ExactKeyKind.Field,
            "url" => ExactKeyKind.Url,
            _ => ExactKeyKind.NormalizedText,
        };
        _field = exact?["field"]?.GetValue<string>() ?? "";
        _stripWww = exact?["strip_www"]?.GetValue<bool>() ?? false;
        _byContent = exact?["by_content"]?.GetValue<bool>() ?? false; // folders written before the option: by id
    }

    public FilterOutcome Process(Document doc)
    {
        UInt128? key = _byContent ? ExactDocumentKey.Of(doc, _kind, _field, _stripWww) : null;
        var dropKey = ExactDocumentKey.DropKey(doc.Id, key, _byContent);
        if (_drop.Contains(dropKey))
            return FilterOutcome.Drop("exact_duplicate");
        if (_byContent && _drop.IsSameCopy(dropKey) && !_seenSameCopies.Add(dropKey))
            return FilterOutcome.Drop("exact_duplicate");
        return FilterOutcome.Kept;
    }
}
