namespace YuLanData.Filters.Latex;

/// <summary>Options of <see cref="MathProseViewFilter"/>.</summary>
public sealed class MathProseViewOptions
{
    /// <summary>Join the lines of each paragraph with spaces (LaTeX reads a single newline as a space), so that
    /// line-based rules see paragraphs instead of a source's hard wraps.</summary>
    public bool UnwrapLines { get; set; } = true;

    /// <summary>Metadata key that holds the original text between <c>math_prose_view</c> and <c>math_prose_restore</c>.</summary>
    public string MetadataKey { get; set; } = "math_source_text";

    /// <summary>Throws <see cref="ArgumentException"/> for bad values.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(MetadataKey)) throw new ArgumentException("math_prose_view: metadata_key must be set");
    }
}
