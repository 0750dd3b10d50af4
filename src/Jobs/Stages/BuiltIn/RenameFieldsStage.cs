using YuLanData.Filters;

namespace YuLanData.Jobs.Stages.BuiltIn;

public sealed class RenameFieldsOptions
{
    /// <summary>Old metadata field name to new name. A field that is absent is skipped.</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    public void Validate()
    {
        if (Fields.Count == 0)
            throw new ArgumentException("fields is empty: give old_name: new_name pairs");
    }
}

/// <summary>Renames metadata fields; a rename onto an existing field replaces it.</summary>
[Stage("rename_fields", "rename metadata fields")]
public sealed class RenameFieldsStage(RenameFieldsOptions options) : IDocumentFilter
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
