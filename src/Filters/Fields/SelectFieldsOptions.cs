namespace YuLanData.Filters.Fields;

/// <summary>Options of <see cref="SelectFieldsFilter"/> (stage <c>select_fields</c>).</summary>
public sealed class SelectFieldsOptions
{
    /// <summary>Metadata fields to keep; every other metadata field is removed. Empty: keep none.</summary>
    public List<string> Keep { get; set; } = [];
}
