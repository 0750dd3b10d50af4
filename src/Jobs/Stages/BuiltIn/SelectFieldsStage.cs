using YuLanData.Filters;

namespace YuLanData.Jobs.Stages.BuiltIn;

public sealed class SelectFieldsOptions
{
    /// <summary>Metadata fields to keep; every other metadata field is removed. Empty: keep none.</summary>
    public List<string> Keep { get; set; } = [];
}

/// <summary>Keeps only the listed metadata fields (id, text and source are always kept).</summary>
[Stage("select_fields", "keep only the listed metadata fields")]
public sealed class SelectFieldsStage(SelectFieldsOptions options) : IDocumentFilter
{
    private readonly HashSet<string> _keep = new(options.Keep, StringComparer.Ordinal);

    public FilterOutcome Apply(in FilterInput input)
    {
        foreach (var key in input.Metadata.Select(p => p.Key).Where(k => !_keep.Contains(k)).ToList())
            input.Metadata.Remove(key);
        return FilterOutcome.Kept;
    }
}
