using System.Text.Json.Nodes;

namespace YuLanData.Synthesis;

/// <summary>A document that seeds synthesis: a pipeline output record.</summary>
/// <param name="Id">The document id (stable across reruns; part of every request seed).</param>
/// <param name="Text">The document text.</param>
/// <param name="Source">Where the document came from.</param>
/// <param name="Metadata">Every other field of the record (e.g. <c>question</c>, <c>answer</c>, <c>test</c>).</param>
public sealed record SeedDocument(string Id, string Text, string Source, JsonObject Metadata)
{
    /// <summary>
    /// The value of a field as text: <c>id</c>, <c>text</c>, <c>source</c>, or a metadata field (a dotted path reaches
    /// into nested objects). Strings are returned as they are, other JSON values as compact JSON; null when absent or null.
    /// </summary>
    /// <param name="name">Field name or dotted path.</param>
    public string? Field(string name)
    {
        switch (name)
        {
            case "id": return Id;
            case "text": return Text;
            case "source": return Source;
        }
        JsonNode? node = Metadata;
        foreach (var part in name.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node)) return null;
        }
        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }

    /// <summary>Names of the fields a template can use (top-level metadata keys and the three built-ins).</summary>
    public IEnumerable<string> FieldNames() => new[] { "id", "text", "source" }.Concat(Metadata.Select(p => p.Key));
}
