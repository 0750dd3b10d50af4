using YuLanData.Filters;

namespace YuLanData.Jobs.Dedup;

/// <summary>Stage 4 of MinHash dedup: drops the documents that <c>yulandata dedup minhash</c> chose to drop,
/// by document id (reason <c>minhash_duplicate</c>). Run it over the same inputs with the same id field.</summary>
[Stage("minhash_dedup_filter", "drop near-duplicates found by `yulandata dedup minhash` (option: folder)")]
public sealed class MinHashDedupFilter(DedupFilterOptions options) : IDocumentFilter
{
    private readonly DropList _drop = DropList.Load(options.Folder, DedupMode.MinHash);

    public FilterOutcome Apply(in FilterInput input) =>
        _drop.Contains(input.Id) ? FilterOutcome.Drop("minhash_duplicate") : FilterOutcome.Kept;
}
