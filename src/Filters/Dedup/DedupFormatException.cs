namespace YuLanData.Filters.Dedup;

/// <summary>A dedup intermediate file is unusable (wrong kind, other parameters, truncated, corrupted).
/// The message starts with the file's path.</summary>
public sealed class DedupFormatException(string path, string problem)
    : IOException($"{path}: {problem}")
{
    public string FilePath { get; } = path;
}
