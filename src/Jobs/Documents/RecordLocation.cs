namespace YuLanData.Jobs.Documents;

/// <summary>Where a record sits in its input: a 1-based line of a JSONL file or a 0-based row of a Parquet file.</summary>
/// <param name="File">The input file path as matched by the pipeline's input globs.</param>
/// <param name="Line">1-based line number (JSONL), or null.</param>
/// <param name="Row">0-based row index (Parquet), or null.</param>
public readonly record struct RecordLocation(string File, long? Line = null, long? Row = null)
{
    public override string ToString() =>
        Line is { } l ? $"{File}:{l}" : Row is { } r ? $"{File} row {r}" : File;
}
