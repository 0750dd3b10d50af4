namespace YuLanData.Filters.Fields;

/// <summary>Renames metadata fields; a rename onto an existing field replaces it.</summary>
[Stage("rename_fields", "rename metadata fields")]
public sealed class RenameFieldsFilter(RenameFieldsOptions options) : IDocumentFilter
{
    public FilterOutcome Apply(in FilterInput input)
    {
        foreach (var (from, to) in options.Fields)
        {
            if (input.Metadata.TryGetPropertyValue(from, out var value))
            {
                input.Metadata.Remove(from);
                input.Metadata[to] = value;
            }
        }
        return FilterOutcome.Kept;
    }
}
