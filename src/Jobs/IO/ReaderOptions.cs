namespace YuLanData.Jobs.IO;

/// <summary>How input records map to documents.</summary>
public sealed record ReaderOptions
{
    /// <summary>The field holding the document text.</summary>
    public string TextField { get; init; } = "text";

    /// <summary>The field holding the document id; when absent from a record, the id is <c>{file}/{row}</c>.</summary>
    public string IdField { get; init; } = "id";

    /// <summary>A field naming the document's source; when null or absent from a record, the source is the input file path.</summary>
    public string? SourceField { get; init; } = "source";

    /// <summary>Lines longer than this many bytes are quarantined without being held in memory. For WARC and HTML
    /// inputs: the largest record block, HTML file or decoded HTTP body taken (larger ones are skipped as they stream).</summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>Default of <see cref="MaxLineBytes"/> (the <c>max_line_bytes</c> key): 32 MiB.</summary>
    public const int DefaultMaxLineBytes = 32 << 20;

    /// <summary>
    /// Bytes of one not yet verified compressed unit (gzip member, zstd frame) held in memory; beyond this the unit's
    /// decompressed bytes go to a spill file until its checksum is checked.
    /// </summary>
    public long UnverifiedMemoryBytes { get; init; } = 32L << 20;

    /// <summary>
    /// Whether readers also yield counter items (<see cref="ReadResult.Count"/>: skipped WARC records by reason, charsets
    /// used, invalid byte sequences). Off by default, so consumers that only want documents never see them.
    /// </summary>
    public bool ReportReaderCounts { get; init; }

    /// <summary>Where spill files go (null: the system temp folder). A run sets this to the task's temporary folder.</summary>
    public string? SpillDirectory { get; init; }
}
