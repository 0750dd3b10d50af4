namespace YuLanData.Filters.Fields;

/// <summary>Keeps only the listed metadata fields (id, text and source are always kept).</summary>
[Stage("select_fields", "keep only the listed metadata fields")]
public sealed class SelectFieldsFilter(SelectFieldsOptions options) : IDocumentFilter
{
    private readonly HashSet<string> _keep = new(options.Keep, StringComparer.Ordinal);

    public FilterOutcome Apply(in FilterInput input)
    {
        foreach (var key in input.Metadata.Select(p => p.Key).Where(k => !_keep.Contains(k)).ToList())
            input.Metadata.Remove(key);
        return FilterOutcome.Kept;
    }
}
