using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace YuLanData.Jobs.Documents;

/// <summary>One document flowing through a pipeline. Stages may replace <see cref="Text"/> and edit <see cref="Metadata"/>.</summary>
public sealed class Document
{
    private JsonObject? _metadata;
    private byte[]? _metadataJson;

    public Document(string id, string text, string source, JsonObject? metadata = null)
    {
        Id = id;
        Text = text;
        Source = source;
        _metadata = metadata ?? new JsonObject();
    }

    /// <summary>
    /// A document whose metadata is kept as the compact JSON object a reader produced and parsed only when a stage
    /// asks for <see cref="Metadata"/>; a document nobody looks into is written out without building JSON nodes.
    /// </summary>
    /// <param name="metadataJson">A compact JSON object, as <see cref="IO.DocumentJson.WriterOptions"/> writes it.</param>
    internal Document(string id, string text, string source, byte[] metadataJson)
    {
        Id = id;
        Text = text;
        Source = source;
        _metadataJson = metadataJson;
    }

    /// <summary>Stable identifier: the input's id field, or <c>{source}/{row}</c> when the input has none.</summary>
    public string Id { get; }

    public string Text { get; set; }

    /// <summary>Where the document came from: the input's source field, or the input file path as matched.</summary>
    public string Source { get; }

    /// <summary>Every other field of the input record, plus annotations added by stages.</summary>
    public JsonObject Metadata
    {
        get
        {
            if (_metadata is null)
            {
                _metadata = JsonNode.Parse(_metadataJson!) as JsonObject ?? new JsonObject();
                _metadataJson = null;
            }
            return _metadata;
        }
    }

    /// <summary>Writes the metadata object; metadata no stage has opened is copied as read.</summary>
    public void WriteMetadata(Utf8JsonWriter writer)
    {
        if (_metadata is null) writer.WriteRawValue(_metadataJson!, skipInputValidation: true);
        else _metadata.WriteTo(writer);
    }

    /// <summary>The metadata as one line of compact JSON.</summary>
    /// <remarks>Written through <see cref="WriteMetadata"/>, as JSONL output is: serializing nodes through options
    /// (<c>ToJsonString</c>) fails on values a Parquet reader boxed as objects.</remarks>
    public string MetadataJson()
    {
        if (_metadata is null)
            return Encoding.UTF8.GetString(_metadataJson!);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, IO.DocumentJson.WriterOptions))
            _metadata.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
