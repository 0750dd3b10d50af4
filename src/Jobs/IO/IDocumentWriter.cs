using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>Writes documents to one file. <see cref="IDisposable.Dispose"/> finishes the file.</summary>
public interface IDocumentWriter : IDisposable
{
    void Write(Document doc);

    /// <summary>Documents written so far.</summary>
    long Documents { get; }

    /// <summary>Uncompressed bytes of text written so far (the measure for size-based shard rotation).</summary>
    long TextBytes { get; }

    /// <summary>Closes the file without finishing it, after a failure elsewhere; never throws. The caller discards the file.</summary>
    void Abort();
}
