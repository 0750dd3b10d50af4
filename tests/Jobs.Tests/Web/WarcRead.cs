using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Web;

/// <summary>What a reader produced from one file: documents, quarantine entries, counters.</summary>
internal sealed record WarcRead(List<Document> Documents, List<QuarantineRecord> Quarantined, SortedDictionary<string, long> Counts)
{
    public static WarcRead File(string path, ReaderOptions? options = null)
    {
        var docs = new List<Document>();
        var quarantined = new List<QuarantineRecord>();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var slice = new InputSlice(path, FileFormats.FromPath(path)!.Value);
        foreach (var item in DocumentReader.Read(slice, (options ?? new ReaderOptions()) with { ReportReaderCounts = true }))
        {
            if (item.Counter is { } c)
                counts[c] = counts.GetValueOrDefault(c) + item.CounterAmount;
            else if (item.Quarantine is { } q)
                quarantined.Add(q);
            else
                docs.Add(item.Document!);
        }
        return new WarcRead(docs, quarantined, counts);
    }

    public long Count(string counter) => Counts.GetValueOrDefault(counter);

    public static string Html(Document d) => d.Metadata["html"]!.GetValue<string>();
}
