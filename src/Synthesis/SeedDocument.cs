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

    /// <summary>
    /// A seed from a record read with renamed id/text/source fields: the reader moves those fields into
    /// <paramref name="id"/>, <paramref name="text"/> and <paramref name="source"/>, so a template that names them as
    /// written in the file (HumanEval's <c>{{prompt}}</c> with <c>text_field: prompt</c>) would find them missing. The
    /// values are put back under their original names as well (an existing field of that name is kept).
    /// </summary>
    /// <param name="id">The record id.</param>
    /// <param name="text">The record text.</param>
    /// <param name="source">The record source.</param>
    /// <param name="metadata">The record's other fields.</param>
    /// <param name="idField">The file's id field name.</param>
    /// <param name="textField">The file's text field name.</param>
    /// <param name="sourceField">The file's source field name.</param>
    public static SeedDocument FromRecord(string id, string text, string source, JsonObject metadata, string idField, string textField, string sourceField)
    {
        foreach (var (name, value) in new[] { (idField, id), (textField, text), (sourceField, source) })
            if (name is not ("id" or "text" or "source") && !metadata.ContainsKey(name)) metadata[name] = value;
        return new SeedDocument(id, text, source, metadata);
    }

    /// <summary>Names of the fields a template can use (top-level metadata keys and the three built-ins).</summary>
    public IEnumerable<string> FieldNames() => new[] { "id", "text", "source" }.Concat(Metadata.Select(p => p.Key));
}
