using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>
/// One item from a reader: a document, a quarantine entry for a record or a file, or (only when
/// <see cref="ReaderOptions.ReportReaderCounts"/> asks for them) a reader counter increment that is no record at all:
/// a skipped WARC request or non-HTML response, the charset a page was decoded with.
/// </summary>
/// <param name="Document">The document, when the record was readable.</param>
/// <param name="Quarantine">Why the record (or file) could not be read.</param>
/// <param name="Bytes">The size of the raw record in bytes (for throughput stats).</param>
/// <param name="Counter">For a counter item: the counter's name (<c>skipped:warc_request</c>, <c>charset:utf-8</c>, ...).</param>
/// <param name="CounterAmount">For a counter item: how much to add.</param>
public readonly record struct ReadResult(Document? Document, QuarantineRecord? Quarantine, long Bytes, string? Counter = null, long CounterAmount = 0)
{
    /// <summary>A counter increment: not a record, so outside the read = kept + dropped + quarantined accounting.</summary>
    /// <param name="counter">The counter's name.</param>
    /// <param name="amount">How much to add.</param>
    public static ReadResult Count(string counter, long amount = 1) => new(null, null, 0, counter, amount);
}
