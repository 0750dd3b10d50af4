namespace YuLanData.Filters.Fields;

/// <summary>Options of <see cref="RenameFieldsFilter"/> (stage <c>rename_fields</c>).</summary>
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
