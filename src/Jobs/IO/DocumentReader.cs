namespace YuLanData.Jobs.IO;

/// <summary>Reads the documents of an input slice in file order, whatever the format.</summary>
public static class DocumentReader
{
    /// <summary>Reads the documents of <paramref name="slice"/>; counter items only when <see cref="ReaderOptions.ReportReaderCounts"/> is set.</summary>
    public static IEnumerable<ReadResult> Read(InputSlice slice, ReaderOptions options)
    {
        var items = slice.Format switch
        {
            FileFormat.Parquet => ParquetDocumentReader.Read(slice, options),
            FileFormat.Warc or FileFormat.WarcGzip => Web.WarcDocumentReader.Read(slice, options),
            FileFormat.Html => Web.HtmlFileReader.Read(slice, options),
            _ => JsonlDocumentReader.Read(slice, options),
        };
        return options.ReportReaderCounts ? items : items.Where(r => r.Counter == null);
    }

    /// <summary>Reads a whole file, its format chosen by extension.</summary>
    public static IEnumerable<ReadResult> ReadFile(string path, ReaderOptions? options = null)
    {
        var format = FileFormats.FromPath(path)
            ?? throw new ArgumentException($"{path}: unsupported file type (supported: {FileFormats.SupportedList})");
        return Read(new InputSlice(path, format), options ?? new ReaderOptions());
    }
}
