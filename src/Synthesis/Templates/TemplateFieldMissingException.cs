namespace YuLanData.Synthesis.Templates;

/// <summary>A template placeholder names a field the seed document does not have.</summary>
public sealed class TemplateFieldMissingException(string template, string field, string seedId, IEnumerable<string> available)
    : Exception($"template '{template}' needs field '{field}', which seed document '{seedId}' does not have (it has: {string.Join(", ", available)})")
{
    /// <summary>The template's name.</summary>
    public string Template { get; } = template;
    /// <summary>The missing field.</summary>
    public string Field { get; } = field;
    /// <summary>The seed document's id.</summary>
    public string SeedId { get; } = seedId;
}
