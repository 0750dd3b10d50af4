namespace YuLanData.Jobs.IO;

/// <summary>Input and output file formats, chosen by file extension.</summary>
public enum FileFormat
{
    Jsonl,
    JsonlGzip,
    JsonlZstd,
    Parquet,

    /// <summary>WARC (also WET), uncompressed: an input format only.</summary>
    Warc,

    /// <summary>WARC (also WET) in gzip, one member per record as Common Crawl ships it: an input format only.</summary>
    WarcGzip,

    /// <summary>One HTML page per file: an input format only.</summary>
    Html,
}

public static class FileFormats
{
    /// <summary>The format of <paramref name="path"/> by its extension, or null when unsupported.</summary>
    public static FileFormat? FromPath(string path)
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return FileFormat.Jsonl;
        if (path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
            return FileFormat.JsonlGzip;
        if (path.EndsWith(".jsonl.zst", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.zst", StringComparison.OrdinalIgnoreCase))
            return FileFormat.JsonlZstd;
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            return FileFormat.Parquet;
        if (path.EndsWith(".warc", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".wet", StringComparison.OrdinalIgnoreCase))
            return FileFormat.Warc;
        if (path.EndsWith(".warc.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".wet.gz", StringComparison.OrdinalIgnoreCase))
            return FileFormat.WarcGzip;
        if (path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            return FileFormat.Html;
        return null;
    }

    /// <summary>Parses a format name as written in YAML or on the command line.</summary>
    public static FileFormat? FromName(string name) => name.ToLowerInvariant() switch
    {
        "jsonl" => FileFormat.Jsonl,
        "jsonl.gz" or "jsonl_gz" or "gz" => FileFormat.JsonlGzip,
        "jsonl.zst" or "jsonl_zst" or "zst" or "zstd" => FileFormat.JsonlZstd,
        "parquet" => FileFormat.Parquet,
        _ => null,
    };

    public static string Extension(this FileFormat format) => format switch
    {
        FileFormat.Jsonl => ".jsonl",
        FileFormat.JsonlGzip => ".jsonl.gz",
        FileFormat.JsonlZstd => ".jsonl.zst",
        FileFormat.Parquet => ".parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public const string SupportedList = ".jsonl, .jsonl.gz, .jsonl.zst, .parquet (inputs also .warc, .warc.gz, .wet, .wet.gz, .html, .htm)";

    /// <summary>True for formats documents can be written in (WARC and HTML are read only).</summary>
    public static bool IsWritable(this FileFormat format) => format is FileFormat.Jsonl or FileFormat.JsonlGzip or FileFormat.JsonlZstd or FileFormat.Parquet;
}
