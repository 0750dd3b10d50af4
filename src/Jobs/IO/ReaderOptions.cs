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

    /// <summary>Lines longer than this many bytes are quarantined without being held in memory.</summary>
    public int MaxLineBytes { get; init; } = 32 * 1024 * 1024;
}
