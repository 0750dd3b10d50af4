namespace YuLanData.Jobs.IO;

/// <summary>Input and output file formats, chosen by file extension.</summary>
public enum FileFormat
{
    Jsonl,
    JsonlGzip,
    JsonlZstd,
    Parquet,
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

    public const string SupportedList = ".jsonl, .jsonl.gz, .jsonl.zst, .parquet";
}
