using System.Text.Json.Serialization;

namespace YuLanData.Jobs.IO;

/// <summary>
/// The part of one input file that one task reads: a whole file, a byte range of a plain JSONL file
/// (starting at a line boundary, with its first line number), or a range of Parquet row groups.
/// </summary>
/// <param name="Path">The input file as matched by the pipeline's globs.</param>
/// <param name="Format">The file's format.</param>
/// <param name="Start">First byte (JSONL) or first row group (Parquet).</param>
/// <param name="End">End byte or row group, exclusive; -1 means to the end of the file.</param>
/// <param name="FirstLine">1-based line number of the first line (JSONL), 0-based first row (Parquet).</param>
public sealed record InputSlice(
    string Path,
    FileFormat Format,
    long Start = 0,
    long End = -1,
    long FirstLine = 1)
{
    [JsonIgnore]
    public bool IsWholeFile => Start == 0 && End < 0;
}
