using System.Text.Json;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>Writes documents as JSON lines, optionally gzip or zstd compressed.</summary>
public sealed class JsonlDocumentWriter : IDocumentWriter
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    public JsonlDocumentWriter(string path, FileFormat format)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, CompressedStreams.BufferSize);
        _stream = format == FileFormat.Jsonl ? file : new BufferedStream(CompressedStreams.Compress(file, format), 1 << 16);
        _json = new Utf8JsonWriter(_stream, DocumentJson.WriterOptions);
    }

    public long Documents { get; private set; }

    public long TextBytes { get; private set; }

    public void Write(Document doc) => Write(doc, null, null);

    /// <summary>Writes a document with the stage and reason that dropped it (for exclusion files).</summary>
    public void Write(Document doc, string? stage, string? reason)
    {
        DocumentJson.Write(_json, doc, stage, reason);
        _json.Flush();
        _json.Reset();
        _stream.WriteByte((byte)'\n');
        Documents++;
        TextBytes += doc.Text.Length;
    }

    public void Abort()
    {
        try
        {
            Dispose();
        }
        catch (Exception)
        {
            // The file is discarded; the error that made the caller give up has already been thrown.
        }
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }
}
