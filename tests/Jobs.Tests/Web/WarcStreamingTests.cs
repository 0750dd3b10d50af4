using System.IO.Compression;
using System.Text;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Web;

[Collection(MemoryMeasurementCollection.Name)]
public class WarcStreamingTests
{
    /// <summary>
    /// A 128 MiB (decompressed) .warc.gz of 1 MiB pages streams one record at a time: live memory after a full
    /// collection, sampled while reading, stays under 48 MiB, whether the file has one gzip member per record (Common
    /// Crawl) or one member for everything (verified through the spill file).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LargeWarcGzStreamsWithBoundedMemory(bool memberPerRecord)
    {
        using var dir = new TempDir();
        const int records = 128;
        string sentences = string.Join(" ", LinguaSentences.Of("en", 200));
        var page = new StringBuilder("<html><body>");
        while (page.Length < 1 << 20)
            page.Append("<p>").Append(sentences).Append("</p>\n");
        page.Append("</body></html>");
        byte[] pageBytes = Encoding.UTF8.GetBytes(page.ToString());
        string path = dir["big.warc.gz"];
        using (var file = File.Create(path))
        {
            GZipStream? shared = memberPerRecord ? null : new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
            for (int i = 0; i < records; i++)
            {
                byte[] record = new WarcBuilder().Response($"https://big.example/{i}", 200, pageBytes, $"r{i}", "Content-Type: text/html; charset=utf-8").Plain();
                if (shared != null)
                {
                    shared.Write(record);
                    continue;
                }
                using var gz = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                gz.Write(record);
            }
            shared?.Dispose();
        }

        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        int docs = 0;
        var options = new ReaderOptions { SpillDirectory = dir.Path };
        foreach (var item in DocumentReader.Read(new InputSlice(path, FileFormat.WarcGzip), options))
        {
            Assert.Null(item.Quarantine);
            Assert.Equal(pageBytes.Length, item.Document!.Metadata["html"]!.GetValue<string>().Length);
            if (++docs % 16 == 0)
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        Assert.Equal(records, docs);
        Assert.True(peak < 48L << 20, $"live memory grew by {peak >> 20} MiB while streaming {records} MiB");
    }
}
