namespace YuLanData.Filters.Latex;

/// <summary>Options of <see cref="MathProseRestoreFilter"/>.</summary>
public sealed class MathProseRestoreOptions
{
    /// <summary>Metadata key written by <c>math_prose_view</c>.</summary>
    public string MetadataKey { get; set; } = "math_source_text";
}
