using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>One item from a reader: a document, or a quarantine entry for a record or a file.</summary>
/// <param name="Document">The document, when the record was readable.</param>
/// <param name="Quarantine">Why the record (or file) could not be read.</param>
/// <param name="Bytes">The size of the raw record in bytes (for throughput stats).</param>
public readonly record struct ReadResult(Document? Document, QuarantineRecord? Quarantine, long Bytes);
