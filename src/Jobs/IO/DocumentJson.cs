using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>
/// The JSON form of a document. Output records are <c>{"id", "text", "source", "metadata": {...}}</c>; on input,
/// the text/id/source fields are taken out of the record, a nested <c>metadata</c> object is merged back, and
/// every other field becomes metadata, so our own outputs and datatrove-style records read back unchanged.
/// </summary>
public static class DocumentJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>Turns one JSON record into a document, or explains why it cannot.</summary>
    /// <param name="utf8">The record's bytes (already checked to be valid UTF-8).</param>
    /// <param name="options">Field names.</param>
    /// <param name="defaultSource">The source when the record names none (the input file path).</param>
    /// <param name="rowKey">Row number used for a generated id.</param>
    /// <param name="error">Why the record was rejected, and its quarantine kind.</param>
    public static Document? Parse(ReadOnlySpan<byte> utf8, ReaderOptions options, string defaultSource, long rowKey, out (string Kind, string Message) error)
    {
        error = default;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, NodeOptions, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = ("bad_json", "invalid JSON: " + e.Message);
            return null;
        }
        if (node is not JsonObject obj)
        {
            error = ("bad_json", "record is not a JSON object");
            return null;
        }
        return FromObject(obj, options, defaultSource, rowKey, out error);
    }

    /// <summary>Builds a document from a parsed record object (which it takes apart).</summary>
    public static Document? FromObject(JsonObject obj, ReaderOptions options, string defaultSource, long rowKey, out (string Kind, string Message) error)
    {
        error = default;
        if (!obj.TryGetPropertyValue(options.TextField, out var textNode) || textNode is null)
        {
            error = ("missing_text", $"no text field '{options.TextField}'");
            return null;
        }
        if (textNode.GetValueKind() != JsonValueKind.String)
        {
            error = ("missing_text", $"text field '{options.TextField}' is {textNode.GetValueKind()}, not a string");
            return null;
        }
        string text = textNode.GetValue<string>();
        obj.Remove(options.TextField);

        string? id = null;
        if (obj.TryGetPropertyValue(options.IdField, out var idNode) && idNode is JsonValue idValue)
        {
            id = idValue.GetValueKind() == JsonValueKind.String ? idValue.GetValue<string>() : idValue.ToJsonString();
            obj.Remove(options.IdField);
        }
        string source = defaultSource;
        if (options.SourceField is { } sf && obj.TryGetPropertyValue(sf, out var srcNode) && srcNode is JsonValue srcValue
            && srcValue.GetValueKind() == JsonValueKind.String)
        {
            source = srcValue.GetValue<string>();
            obj.Remove(sf);
        }
        if (obj.TryGetPropertyValue("metadata", out var nested) && nested is JsonObject nestedObject)
        {
            obj.Remove("metadata");
            foreach (var (key, value) in nestedObject.ToArray())
            {
                nestedObject.Remove(key);
                obj[key] = value;
            }
        }
        return new Document(id ?? GeneratedId(defaultSource, rowKey), text, source, obj);
    }

    /// <summary>The id of a record that has none: the file path and the record's line (JSONL) or row (Parquet).</summary>
    public static string GeneratedId(string file, long rowKey) => $"{file}/{rowKey}";

    /// <summary>Writes a document as one JSON object (no newline).</summary>
    public static void Write(Utf8JsonWriter writer, Document doc, string? stage = null, string? reason = null)
    {
        writer.WriteStartObject();
        writer.WriteString("id", doc.Id);
        writer.WriteString("text", doc.Text);
        writer.WriteString("source", doc.Source);
        if (stage != null)
            writer.WriteString("stage", stage);
        if (reason != null)
            writer.WriteString("reason", reason);
        writer.WritePropertyName("metadata");
        doc.Metadata.WriteTo(writer);
        writer.WriteEndObject();
    }
}
