using Parquet;
using Parquet.Schema;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Writes documents to Parquet with columns <c>id</c>, <c>text</c>, <c>source</c> and <c>metadata</c> (a JSON object
/// as a string), buffering one row group at a time.
/// </summary>
public sealed class ParquetDocumentWriter : IDocumentWriter
{
    private static readonly DataField IdField = new("id", typeof(string), isNullable: false);
    private static readonly DataField TextField = new("text", typeof(string), isNullable: false);
    private static readonly DataField SourceField = new("source", typeof(string), isNullable: false);
    private static readonly DataField MetadataField = new("metadata", typeof(string), isNullable: false);
    private static readonly DataField StageField = new("stage", typeof(string), isNullable: false);
    private static readonly DataField ReasonField = new("reason", typeof(string), isNullable: false);
    private static readonly ParquetSchema Schema = new(IdField, TextField, SourceField, MetadataField);
    private static readonly ParquetSchema ExclusionSchema = new(IdField, TextField, SourceField, MetadataField, StageField, ReasonField);

    private readonly FileStream _file;
    private readonly ParquetWriter _writer;
    private readonly int _rowGroupDocs;
    private readonly long _rowGroupBytes;
    private readonly List<string> _ids = [];
    private readonly List<string> _texts = [];
    private readonly List<string> _sources = [];
    private readonly List<string> _metadata = [];
    private readonly List<string>? _stages, _reasons;
    private long _bufferedBytes;

    /// <param name="path">File to create.</param>
    /// <param name="rowGroupDocs">Documents per row group.</param>
    /// <param name="rowGroupBytes">A row group is also closed when its text reaches this many bytes.</param>
    /// <param name="compression">Column compression codec.</param>
    /// <param name="exclusionColumns">Add <c>stage</c> and <c>reason</c> columns (files of dropped documents, written
    /// with <see cref="Write(Document, string, string)"/>).</param>
    public ParquetDocumentWriter(string path, int rowGroupDocs = 10_000, long rowGroupBytes = 64L << 20,
        CompressionMethod compression = CompressionMethod.Snappy, bool exclusionColumns = false)
    {
        if (exclusionColumns)
        {
            _stages = [];
            _reasons = [];
        }
        _rowGroupDocs = rowGroupDocs;
        _rowGroupBytes = rowGroupBytes;
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, CompressedStreams.BufferSize);
        _writer = ParquetWriter.CreateAsync(exclusionColumns ? ExclusionSchema : Schema, _file, new ParquetOptions { CompressionMethod = compression }).GetAwaiter().GetResult();
    }

    public long Documents { get; private set; }

    public long TextBytes { get; private set; }

    public void Write(Document doc)
    {
        if (_stages != null)
            throw new InvalidOperationException("an exclusion file needs the stage and reason of each document");
        Add(doc);
    }

    /// <summary>Writes a dropped document with the stage and reason that dropped it (exclusion files).</summary>
    public void Write(Document doc, string stage, string reason)
    {
        if (_stages == null || _reasons == null)
            throw new InvalidOperationException("this writer was not opened with exclusion columns");
        _stages.Add(stage);
        _reasons.Add(reason);
        Add(doc);
    }

    private void Add(Document doc)
    {
        _ids.Add(doc.Id);
        _texts.Add(doc.Text);
        _sources.Add(doc.Source);
        _metadata.Add(doc.MetadataJson());
        _bufferedBytes += doc.Text.Length;
        Documents++;
        TextBytes += doc.Text.Length;
        if (_ids.Count >= _rowGroupDocs || _bufferedBytes >= _rowGroupBytes)
            FlushRowGroup();
    }

    private void FlushRowGroup()
    {
        if (_ids.Count == 0)
            return;
        using (var rg = _writer.CreateRowGroup())
        {
            rg.WriteAsync(IdField, _ids).GetAwaiter().GetResult();
            rg.WriteAsync(TextField, _texts).GetAwaiter().GetResult();
            rg.WriteAsync(SourceField, _sources).GetAwaiter().GetResult();
            rg.WriteAsync(MetadataField, _metadata).GetAwaiter().GetResult();
            if (_stages != null && _reasons != null)
            {
                rg.WriteAsync(StageField, _stages).GetAwaiter().GetResult();
                rg.WriteAsync(ReasonField, _reasons).GetAwaiter().GetResult();
            }
        }
        _stages?.Clear();
        _reasons?.Clear();
        _ids.Clear();
        _texts.Clear();
        _sources.Clear();
        _metadata.Clear();
        _bufferedBytes = 0;
    }

    public void Dispose()
    {
        FlushRowGroup();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Dispose();
    }
}
