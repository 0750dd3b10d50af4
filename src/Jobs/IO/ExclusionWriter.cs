using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>Writes the dropped documents of one task under <c>excluded/</c>, with the stage and reason that dropped
/// each, in the run's output format: JSONL lines with <c>stage</c> and <c>reason</c> keys, or Parquet with
/// <c>stage</c> and <c>reason</c> columns.</summary>
public sealed class ExclusionWriter : IDisposable
{
    private readonly JsonlDocumentWriter? _jsonl;
    private readonly ParquetDocumentWriter? _parquet;

    /// <param name="path">File to create (see <see cref="FileName"/>).</param>
    /// <param name="options">The run's output options (format, Parquet row groups and compression).</param>
    public ExclusionWriter(string path, OutputOptions options)
    {
        if (options.Format == FileFormat.Parquet)
            _parquet = new ParquetDocumentWriter(path, options.RowGroupDocs, options.RowGroupBytes, options.ParquetCompression, exclusionColumns: true);
        else
            _jsonl = new JsonlDocumentWriter(path, options.Format);
    }

    /// <summary>The exclusion file of task <paramref name="task"/>: <c>00042.jsonl.gz</c>, <c>00042.parquet</c>...</summary>
    public static string FileName(int task, FileFormat format) => $"{task:D5}{format.Extension()}";

    /// <summary>Writes one dropped document.</summary>
    public void Write(Document doc, string stage, string reason)
    {
        if (_parquet != null)
            _parquet.Write(doc, stage, reason);
        else
            _jsonl!.Write(doc, stage, reason);
    }

    /// <summary>Closes the file without finishing it (the task failed and discards it); never throws.</summary>
    public void Abort()
    {
        _jsonl?.Abort();
        _parquet?.Abort();
    }

    public void Dispose()
    {
        _jsonl?.Dispose();
        _parquet?.Dispose();
    }
}
