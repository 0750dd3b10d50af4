using System.Buffers;
using System.Text;
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

    /// <summary>
    /// Turns one JSON record into a document, or explains why it cannot. One pass of <see cref="Utf8JsonReader"/>
    /// over the record: the text, id and source are read as strings and every other member is copied into a compact
    /// metadata object, parsed into nodes only if a stage opens it. A repeated key keeps its last value at its first
    /// position (as Python's <c>json</c> does); members of a nested <c>metadata</c> object are merged in likewise.
    /// </summary>
    /// <param name="utf8">The record's bytes (already checked to be valid UTF-8).</param>
    /// <param name="options">Field names.</param>
    /// <param name="defaultSource">The source when the record names none (the input file path).</param>
    /// <param name="rowKey">Row number used for a generated id.</param>
    /// <param name="error">Why the record was rejected, and its quarantine kind.</param>
    public static Document? Parse(ReadOnlySpan<byte> utf8, ReaderOptions options, string defaultSource, long rowKey, out (string Kind, string Message) error)
    {
        try
        {
            if (TryParseInOnePass(utf8, options, defaultSource, rowKey, out var document, out error)) return document;
        }
        catch (JsonException e)
        {
            error = ("bad_json", "invalid JSON: " + e.Message);
            return null;
        }
        return ParseMembers(utf8, options, defaultSource, rowKey, out error);
    }

    /// <summary>
    /// The common case in one pass, metadata written while reading: gives up (false) on a repeated key, on a nested
    /// <c>metadata</c> object followed by more members, or on a nested member that names an existing one, which
    /// <see cref="ParseMembers"/> then handles.
    /// </summary>
    private static bool TryParseInOnePass(ReadOnlySpan<byte> utf8, ReaderOptions options, string defaultSource, long rowKey,
        out Document? document, out (string Kind, string Message) error)
    {
        document = null;
        error = default;
        var reader = new Utf8JsonReader(utf8, RecordReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = ("bad_json", "record is not a JSON object");
            return true;
        }
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        var names = t_names ??= new List<string>();
        names.Clear();
        writer.WriteStartObject();
        string? text = null, id = null, source = null;
        var textKind = JsonTokenType.None;
        bool sawText = false, sawId = false, sawSource = false, merged = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (merged) return false;
            if (reader.ValueTextEquals(options.TextField))
            {
                if (sawText) return false;
                sawText = true;
                reader.Read();
                textKind = reader.TokenType;
                if (textKind == JsonTokenType.String) text = reader.GetString();
                else reader.Skip();
                continue;
            }
            if (reader.ValueTextEquals(options.IdField))
            {
                if (sawId) return false;
                sawId = true;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) id = reader.GetString();
                else if (reader.TokenType is JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False) id = Encoding.UTF8.GetString(reader.ValueSpan);
                else if (!Keep(ref reader, writer, names, options.IdField)) return false;
                continue;
            }
            if (options.SourceField is { } sf && reader.ValueTextEquals(sf))
            {
                if (sawSource) return false;
                sawSource = true;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) source = reader.GetString();
                else if (!Keep(ref reader, writer, names, sf)) return false;
                continue;
            }
            var name = reader.GetString()!;
            reader.Read();
            if (name == "metadata" && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var nestedName = reader.GetString()!;
                    reader.Read();
                    if (!Keep(ref reader, writer, names, nestedName)) return false;
                }
                merged = true;
                continue;
            }
            if (!Keep(ref reader, writer, names, name)) return false;
        }
        reader.Read(); // throws on anything but whitespace after the object
        if (!sawText || textKind == JsonTokenType.Null)
        {
            error = ("missing_text", $"no text field '{options.TextField}'");
            return true;
        }
        if (textKind != JsonTokenType.String)
        {
            error = ("missing_text", $"text field '{options.TextField}' is {KindName(textKind)}, not a string");
            return true;
        }
        writer.WriteEndObject();
        writer.Flush();
        document = new Document(id ?? GeneratedId(defaultSource, rowKey), text!, source ?? defaultSource, buffer.WrittenSpan.ToArray());
        return true;
    }

    // Writes the member whose value the reader is on into the metadata; false when the name is already there.
    private static bool Keep(ref Utf8JsonReader reader, Utf8JsonWriter writer, List<string> names, string name)
    {
        if (names.Contains(name)) return false;
        names.Add(name);
        writer.WritePropertyName(name);
        var depth = reader.CurrentDepth;
        WriteToken(ref reader, writer);
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            while (reader.Read())
            {
                WriteToken(ref reader, writer);
                if (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) break;
            }
        }
        return true;
    }

    [ThreadStatic] private static List<string>? t_names;

    /// <summary>The general case: every member listed first (a repeated key replaced in place), then taken apart.</summary>
    private static Document? ParseMembers(ReadOnlySpan<byte> utf8, ReaderOptions options, string defaultSource, long rowKey, out (string Kind, string Message) error)
    {
        error = default;
        var members = new List<Member>();
        try
        {
            var reader = new Utf8JsonReader(utf8, RecordReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = ("bad_json", "record is not a JSON object");
                return null;
            }
            ReadMembers(ref reader, 0, members);
            reader.Read(); // throws on anything but whitespace after the object
        }
        catch (JsonException e)
        {
            error = ("bad_json", "invalid JSON: " + e.Message);
            return null;
        }
        var text = Take(members, options.TextField, static _ => true);
        if (text.Kind is JsonTokenType.None or JsonTokenType.Null)
        {
            error = ("missing_text", $"no text field '{options.TextField}'");
            return null;
        }
        if (text.Kind != JsonTokenType.String)
        {
            error = ("missing_text", $"text field '{options.TextField}' is {KindName(text.Kind)}, not a string");
            return null;
        }
        var id = Take(members, options.IdField, static k => k is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False);
        var source = options.SourceField is { } sf ? Take(members, sf, static k => k == JsonTokenType.String) : default;
        var nested = Take(members, "metadata", static k => k == JsonTokenType.StartObject);
        if (nested.Kind == JsonTokenType.StartObject)
        {
            var reader = new Utf8JsonReader(utf8.Slice(nested.Start, nested.Length), RecordReaderOptions);
            reader.Read();
            ReadMembers(ref reader, nested.Start, members);
        }
        return new Document(
            id.Kind switch
            {
                JsonTokenType.None => GeneratedId(defaultSource, rowKey),
                JsonTokenType.String => StringValue(utf8, id),
                _ => Encoding.UTF8.GetString(utf8.Slice(id.Start, id.Length)),
            },
            StringValue(utf8, text),
            source.Kind == JsonTokenType.String ? StringValue(utf8, source) : defaultSource,
            MetadataJson(utf8, members));
    }

    private static readonly JsonReaderOptions RecordReaderOptions = new() { MaxDepth = 256 };

    /// <summary>One member of a record: its name, and the kind and place of its value in the record's bytes.</summary>
    private readonly record struct Member(string Name, JsonTokenType Kind, int Start, int Length);

    // Reads the members of the object whose start token the reader is on; the reader runs over the record's bytes
    // from offset baseOffset. A repeated name replaces the earlier value in place.
    private static void ReadMembers(ref Utf8JsonReader reader, int baseOffset, List<Member> members)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var kind = reader.TokenType;
            var start = (int)reader.TokenStartIndex;
            if (kind is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            var member = new Member(name, kind, baseOffset + start, (int)reader.BytesConsumed - start);
            var at = IndexOf(members, name);
            if (at >= 0) members[at] = member;
            else members.Add(member);
        }
    }

    private static int IndexOf(List<Member> members, string name)
    {
        for (var i = 0; i < members.Count; i++)
            if (members[i].Name == name) return i;
        return -1;
    }

    // Removes and returns the named member when its kind qualifies; otherwise it stays in the metadata.
    private static Member Take(List<Member> members, string name, Func<JsonTokenType, bool> qualifies)
    {
        var at = IndexOf(members, name);
        if (at < 0 || !qualifies(members[at].Kind)) return default;
        var member = members[at];
        members.RemoveAt(at);
        return member;
    }

    private static string KindName(JsonTokenType kind) => kind switch
    {
        JsonTokenType.StartObject => nameof(JsonValueKind.Object),
        JsonTokenType.StartArray => nameof(JsonValueKind.Array),
        JsonTokenType.Number => nameof(JsonValueKind.Number),
        JsonTokenType.True => nameof(JsonValueKind.True),
        JsonTokenType.False => nameof(JsonValueKind.False),
        _ => kind.ToString(),
    };

    private static string StringValue(ReadOnlySpan<byte> utf8, Member member)
    {
        var reader = new Utf8JsonReader(utf8.Slice(member.Start, member.Length), RecordReaderOptions);
        reader.Read();
        return reader.GetString()!;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    // The metadata members as one compact object, written exactly as JsonObject.WriteTo would write them.
    private static byte[] MetadataJson(ReadOnlySpan<byte> utf8, List<Member> members)
    {
        if (members.Count == 0) return "{}"u8.ToArray();
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        foreach (var member in members)
        {
            writer.WritePropertyName(member.Name);
            CopyValue(utf8.Slice(member.Start, member.Length), writer);
        }
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
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
        doc.WriteMetadata(writer);
        writer.WriteEndObject();
    }

    // Re-writes one JSON value token by token: strings unescaped and escaped again by the writer's encoder,
    // numbers as written, no whitespace (what writing a parsed node gives).
    private static void CopyValue(ReadOnlySpan<byte> json, Utf8JsonWriter writer)
    {
        var reader = new Utf8JsonReader(json, RecordReaderOptions);
        while (reader.Read()) WriteToken(ref reader, writer);
    }

    private static void WriteToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: writer.WriteStartObject(); break;
            case JsonTokenType.EndObject: writer.WriteEndObject(); break;
            case JsonTokenType.StartArray: writer.WriteStartArray(); break;
            case JsonTokenType.EndArray: writer.WriteEndArray(); break;
            case JsonTokenType.PropertyName:
                if (reader.ValueIsEscaped) writer.WritePropertyName(reader.GetString()!);
                else writer.WritePropertyName(reader.ValueSpan);
                break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped) writer.WriteStringValue(reader.GetString());
                else writer.WriteStringValue(reader.ValueSpan);
                break;
            case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
            case JsonTokenType.True: writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: writer.WriteNullValue(); break;
        }
    }
}
