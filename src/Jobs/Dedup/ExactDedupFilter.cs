using YuLanData.Filters;

namespace YuLanData.Jobs.Dedup;

/// <summary>Last stage of exact (content or URL) dedup: drops the documents that <c>yulandata dedup exact</c> chose
/// to drop, by document id (reason <c>exact_duplicate</c>). Run it over the same inputs with the same id field.</summary>
[Stage("exact_dedup_filter", "drop exact (content/URL) duplicates found by `yulandata dedup exact` (option: folder)")]
public sealed class ExactDedupFilter(DedupFilterOptions options) : IDocumentFilter
{
    private readonly DropList _drop = DropList.Load(options.Folder, DedupMode.Exact);

    public FilterOutcome Apply(in FilterInput input) =>
        _drop.Contains(input.Id) ? FilterOutcome.Drop("exact_duplicate") : FilterOutcome.Kept;
}
