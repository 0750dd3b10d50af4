using System.Text;
using Parquet;
using Parquet.Schema;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Writes documents to Parquet with columns <c>id</c>, <c>text</c>, <c>source</c> and <c>metadata</c> (a JSON object
/// as a string), buffering one row group at a time. A row group closes at a document count or at a size in bytes,
/// whichever comes first, so memory stays bounded however large the documents are. Every page header carries a
/// CRC-32: Parquet.Net writes to a sibling temporary file (<c>{path}.pages.tmp</c>), which a successful
/// <see cref="Dispose"/> copies page by page into <c>path</c> with <see cref="ParquetPageChecksumWriter"/>.
/// </summary>
/// <remarks>
/// A write that fails leaves the writer broken: the exception propagates as it was thrown, later writes refuse,
/// and <see cref="Dispose"/> closes the file without flushing, so cleanup never replaces the original error with
/// a secondary one (such as a row group whose columns have different lengths).
/// </remarks>
public sealed class ParquetDocumentWriter : IDocumentWriter
{
    /// <summary>The default row group size: 128 MiB of UTF-8 in the buffered columns (capped by the heap, see
    /// <see cref="HeapShare"/>).</summary>
    public const long DefaultRowGroupBytes = 128L << 20;

    /// <summary>
    /// A row group never buffers more than this fraction of the memory the GC may use (the
    /// <c>DOTNET_GCHeapHardLimit</c>, a container limit, or physical memory). Parquet.Net 6.1 writes each column chunk
    /// as one page, so a flush holds the buffered strings (UTF-16: twice the UTF-8), the encoded page, a contiguous
    /// copy of it and the compressed page at once; measured with <c>bench memory</c>, a one-task run peaks at 10 to
    /// 14 times the row group size, so 32 MiB groups under a 512 MiB heap failed on 0.5 GB. With 1/32, a 512 MiB heap
    /// writes 16 MiB row groups; a machine with 4 GiB or more writes the configured size.
    /// </summary>
    public const int HeapShare = 32;

    /// <summary>The default most documents in a row group.</summary>
    public const int DefaultRowGroupDocs = 10_000;

    private static readonly DataField IdField = new("id", typeof(string), isNullable: false);
    private static readonly DataField TextField = new("text", typeof(string), isNullable: false);
    private static readonly DataField SourceField = new("source", typeof(string), isNullable: false);
    private static readonly DataField MetadataField = new("metadata", typeof(string), isNullable: false);
    private static readonly DataField StageField = new("stage", typeof(string), isNullable: false);
    private static readonly DataField ReasonField = new("reason", typeof(string), isNullable: false);
    private static readonly ParquetSchema Schema = new(IdField, TextField, SourceField, MetadataField);
    private static readonly ParquetSchema ExclusionSchema = new(IdField, TextField, SourceField, MetadataField, StageField, ReasonField);

    private readonly string _path;
    private readonly string _pagesPath;
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
    private bool _broken;
    private bool _disposed;

    /// <param name="path">File to create.</param>
    /// <param name="rowGroupDocs">Most documents per row group (at least 1).</param>
    /// <param name="rowGroupBytes">A row group is closed once its buffered columns (id, text, source, metadata) reach
    /// this many bytes of UTF-8, or 1/<see cref="HeapShare"/> of the GC's available memory if that is less (0: only that cap).</param>
    /// <param name="compression">Column compression codec.</param>
    /// <param name="exclusionColumns">Add <c>stage</c> and <c>reason</c> columns (files of dropped documents, written
    /// with <see cref="Write(Document, string, string)"/>).</param>
    public ParquetDocumentWriter(string path, int rowGroupDocs = DefaultRowGroupDocs, long rowGroupBytes = DefaultRowGroupBytes,
        CompressionMethod compression = CompressionMethod.Snappy, bool exclusionColumns = false)
    {
        _path = path;
        if (exclusionColumns)
        {
            _stages = [];
            _reasons = [];
        }
        _rowGroupDocs = Math.Max(1, rowGroupDocs);
        long heapCap = Math.Max(1L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / HeapShare);
        _rowGroupBytes = rowGroupBytes > 0 ? Math.Min(rowGroupBytes, heapCap) : heapCap;
        _pagesPath = path + ".pages.tmp";
        _file = new FileStream(_pagesPath, FileMode.Create, FileAccess.Write, FileShare.None, CompressedStreams.BufferSize);
        try
        {
            _writer = ParquetWriter.CreateAsync(exclusionColumns ? ExclusionSchema : Schema, _file, Options(compression, _rowGroupBytes)).GetAwaiter().GetResult();
        }
        catch
        {
            _file.Dispose();
            File.Delete(_pagesPath);
            throw;
        }
    }

    /// <summary>
    /// Parquet.Net's buffer pools keep up to 64 MiB (large) and 16 MiB (small) of freed buffers by default, whatever the
    /// row group size: more than a small heap holds. They are capped by the row group size, which bounds the writer's
    /// memory to a small multiple of it (the buffered strings, the encoded page, its compressed copy).
    /// </summary>
    private static ParquetOptions Options(CompressionMethod compression, long rowGroupBytes)
    {
        long cap = rowGroupBytes > 0 ? Math.Min(rowGroupBytes, 64L << 20) : 64L << 20;
        return new ParquetOptions
        {
            CompressionMethod = compression,
            MaximumLargePoolFreeBytes = (int)cap,
            MaximumSmallPoolFreeBytes = (int)Math.Min(cap, 16L << 20),
        };
    }

    public long Documents { get; private set; }

    public long TextBytes { get; private set; }

    /// <summary>Row groups written so far.</summary>
    public int RowGroups { get; private set; }

    public void Write(Document doc)
    {
        if (_stages != null)
            throw new InvalidOperationException("an exclusion file needs the stage and reason of each document");
        Add(doc, null, null);
    }

    /// <summary>Writes a dropped document with the stage and reason that dropped it (exclusion files).</summary>
    public void Write(Document doc, string stage, string reason)
    {
        if (_stages == null)
            throw new InvalidOperationException("this writer was not opened with exclusion columns");
        Add(doc, stage, reason);
    }

    private void Add(Document doc, string? stage, string? reason)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_broken)
            throw new InvalidOperationException($"{_path}: an earlier write to this Parquet file failed");
        // Everything that can throw is done before any column buffer grows, so the buffers stay the same length.
        string metadata = doc.MetadataJson();
        long bytes = Encoding.UTF8.GetByteCount(doc.Id) + Encoding.UTF8.GetByteCount(doc.Text)
            + Encoding.UTF8.GetByteCount(doc.Source) + Encoding.UTF8.GetByteCount(metadata);
        _ids.Add(doc.Id);
        _texts.Add(doc.Text);
        _sources.Add(doc.Source);
        _metadata.Add(metadata);
        if (stage != null && reason != null)
        {
            _stages!.Add(stage);
            _reasons!.Add(reason);
            bytes += Encoding.UTF8.GetByteCount(stage) + Encoding.UTF8.GetByteCount(reason);
        }
        _bufferedBytes += bytes;
        Documents++;
        TextBytes += doc.Text.Length;
        if (_ids.Count >= _rowGroupDocs || _bufferedBytes >= _rowGroupBytes)
            FlushRowGroup();
    }

    private void FlushRowGroup()
    {
        if (_ids.Count == 0)
            return;
        try
        {
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
        }
        catch
        {
            _broken = true;
            throw;
        }
        RowGroups++;
        _stages?.Clear();
        _reasons?.Clear();
        _ids.Clear();
        _texts.Clear();
        _sources.Clear();
        _metadata.Clear();
        _bufferedBytes = 0;
    }

    /// <summary>Closes the file without finishing it (after a failure elsewhere); never throws. Nothing is left at
    /// the path (the temporary file Parquet.Net wrote is deleted).</summary>
    public void Abort()
    {
        _broken = true;
        Dispose();
    }

    /// <summary>Writes the last row group and the footer, then the final file with a CRC-32 in every page header;
    /// after a failed write, only closes and deletes the temporary file.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_broken)
        {
            try { _writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
            catch (Exception) { /* the file is discarded; the error that broke it has already been thrown */ }
            _file.Dispose();
            try { File.Delete(_pagesPath); }
            catch (IOException) { /* never replace the error being thrown */ }
            return;
        }
        try
        {
            try
            {
                FlushRowGroup();
                _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            finally
            {
                _file.Dispose();
            }
            ParquetPageChecksumWriter.Copy(_pagesPath, _path);
        }
        finally
        {
            File.Delete(_pagesPath);
        }
    }
}
