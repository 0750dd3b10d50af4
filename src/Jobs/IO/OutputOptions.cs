using Parquet;

namespace YuLanData.Jobs.IO;

/// <summary>Where and how a run writes the documents it keeps.</summary>
public sealed record OutputOptions
{
    /// <summary>The run folder.</summary>
    public string Path { get; init; } = "out";

    public FileFormat Format { get; init; } = FileFormat.JsonlGzip;

    /// <summary>Start a new shard after this many documents (0: no limit).</summary>
    public long MaxDocsPerShard { get; init; }

    /// <summary>Start a new shard after this many bytes of text (0: no limit).</summary>
    public long MaxBytesPerShard { get; init; }

    /// <summary>Parquet: documents per row group.</summary>
    public int RowGroupDocs { get; init; } = ParquetDocumentWriter.DefaultRowGroupDocs;

    /// <summary>Parquet: a row group also closes once its buffered columns reach this many bytes of UTF-8, never more
    /// than 1/32 of the memory the GC may use (0: only that cap). This is what bounds a Parquet writer's memory; the
    /// document count alone does not.</summary>
    public long RowGroupBytes { get; init; } = ParquetDocumentWriter.DefaultRowGroupBytes;

    public CompressionMethod ParquetCompression { get; init; } = CompressionMethod.Snappy;

    /// <summary>A metadata key whose value names a sub-folder per document (score buckets, languages); null: one folder.</summary>
    public string? PartitionBy { get; init; }

    /// <summary>Also write every dropped document, with its stage and reason, under <c>excluded/</c>.</summary>
    public bool WriteExclusions { get; init; }

    public bool Rotates => MaxDocsPerShard > 0 || MaxBytesPerShard > 0;
}
