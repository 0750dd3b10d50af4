using System.Text.Json.Nodes;

namespace YuLanData.Filters.Latex;

/// <summary>Puts back the original text saved by <c>math_prose_view</c> and removes it from metadata; documents
/// without it pass unchanged.</summary>
[Stage("math_prose_restore", "Restore the original text of documents viewed as prose by math_prose_view")]
public sealed class MathProseRestoreFilter(MathProseRestoreOptions options) : IDocumentFilter
{
    public FilterOutcome Apply(in FilterInput input)
    {
        string? original;
        lock (input.Metadata)
        {
            if (input.Metadata[options.MetadataKey] is not JsonValue v || !v.TryGetValue(out original)) return FilterOutcome.Kept;
            input.Metadata.Remove(options.MetadataKey);
        }
        return original == input.Text ? FilterOutcome.Kept : FilterOutcome.Rewrite(original);
    }
}
