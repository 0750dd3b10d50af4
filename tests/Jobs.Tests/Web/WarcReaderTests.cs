using System.Text;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Web;

public class WarcReaderTests
{
    [Fact]
    public void RealSamplesGiveEveryResponseWithItsWarcFields()
    {
        var reads = WarcSamples.Files.Select(f => WarcRead.File(f)).ToList();
        var docs = reads.SelectMany(r => r.Documents).ToList();
        Assert.Equal(WarcSamples.Responses, docs.Count);
        Assert.Empty(reads.SelectMany(r => r.Quarantined));
        Assert.Equal(docs.Count, docs.Select(d => d.Id).Distinct().Count());
        foreach (var d in docs)
        {
            Assert.StartsWith("urn:uuid:", d.Id);
            Assert.Equal(d.Id, d.Metadata["warc_record_id"]!.GetValue<string>());
            Assert.StartsWith("http", d.Metadata["url"]!.GetValue<string>());
            Assert.StartsWith("2024-", d.Metadata["warc_date"]!.GetValue<string>());
            Assert.StartsWith("text/html", d.Metadata["content_type"]!.GetValue<string>());
            Assert.Equal(200, d.Metadata["http_status"]!.GetValue<int>());
            Assert.Equal("utf-8", d.Metadata["charset"]!.GetValue<string>());
            Assert.Contains("</body>", WarcRead.Html(d), StringComparison.OrdinalIgnoreCase);
            // Six responses are chunked: their bodies are de-chunked (no chunk-size lines, no final "0" chunk).
            Assert.DoesNotContain("\r\n0\r\n", WarcRead.Html(d));
            Assert.Equal("", d.Text);
        }
        // Every request, the warcinfo and metadata records and the text/plain resources are counted, not read.
        Assert.Equal(37, reads.Sum(r => r.Count("skipped:warc_request")));
        Assert.Equal(2, reads.Sum(r => r.Count("skipped:warc_warcinfo")));
        Assert.Equal(2, reads.Sum(r => r.Count("skipped:warc_metadata")));
        Assert.Equal(4, reads.Sum(r => r.Count("skipped:not_html")));
        Assert.All(docs, d => Assert.Matches(@"^\s*<", WarcRead.Html(d)));
    }

    [Fact]
    public void PlainWarcReadsTheSameAsGzip()
    {
        using var dir = new TempDir();
        string plain = dir["sample.warc"];
        byte[] gz = File.ReadAllBytes(WarcSamples.Files[0]);
        File.WriteAllBytes(plain, Encoding.Latin1.GetBytes(string.Concat(WarcSamples.Members(gz).Select(m => m.Record))));
        var a = WarcRead.File(WarcSamples.Files[0]);
        var b = WarcRead.File(plain);
        Assert.Equal(a.Documents.Select(d => d.Id + d.MetadataJson()), b.Documents.Select(d => d.Id + d.MetadataJson()));
        Assert.Equal(a.Counts, b.Counts);
    }

    /// <summary>A byte flipped inside one response's gzip member: that record alone is quarantined with the member's byte range; every other record is read.</summary>
    [Fact]
    public void FlippedByteInOneMemberQuarantinesOnlyThatRecord()
    {
        using var dir = new TempDir();
        byte[] file = File.ReadAllBytes(WarcSamples.Files[1]);
        var members = WarcSamples.Members(file);
        var original = WarcRead.File(WarcSamples.Files[1]);
        int victim = members.FindIndex(m => m.Record.Contains("WARC-Type: response") && m.End - m.Start > 2000);
        var (start, end, record) = members[victim];
        string victimId = record.Split("WARC-Record-ID: <")[1].Split('>')[0];
        file[(start + end) / 2] ^= 0x5A;
        string damaged = dir["damaged.warc.gz"];
        File.WriteAllBytes(damaged, file);

        var read = WarcRead.File(damaged);
        var q = Assert.Single(read.Quarantined);
        Assert.Equal("corrupt_member", q.Kind);
        Assert.Equal(start, q.ByteStart);
        Assert.Equal(end, q.ByteEnd);
        Assert.False(q.IsFileLevel);
        Assert.Equal(damaged, q.Location.File);
        Assert.Equal(original.Documents.Select(d => d.Id).Where(id => id != victimId), read.Documents.Select(d => d.Id));
        Assert.Equal(original.Documents.Count - 1, read.Documents.Count);
    }

    [Fact]
    public void TruncatedGzipFileKeepsEveryCompleteRecord()
    {
        using var dir = new TempDir();
        byte[] file = File.ReadAllBytes(WarcSamples.Files[0]);
        var members = WarcSamples.Members(file);
        int lastResponse = members.FindLastIndex(m => m.Record.Contains("WARC-Type: response"));
        var cut = members[lastResponse];
        string truncated = dir["truncated.warc.gz"];
        File.WriteAllBytes(truncated, file[..(int)((cut.Start + cut.End) / 2)]);

        var original = WarcRead.File(WarcSamples.Files[0]);
        var read = WarcRead.File(truncated);
        var q = Assert.Single(read.Quarantined);
        Assert.Equal("truncated_record", q.Kind);
        Assert.Equal(cut.Start, q.ByteStart);
        Assert.Equal(original.Documents.Count - 1, read.Documents.Count);
        Assert.Equal(original.Documents.Select(d => d.Id).Take(read.Documents.Count), read.Documents.Select(d => d.Id));
    }

    [Fact]
    public void TruncatedPlainRecordAndGarbageAreQuarantinedWithOffsets()
    {
        using var dir = new TempDir();
        byte[] page = Encoding.UTF8.GetBytes("<html><body><p>Hello</p></body></html>");
        var w = new WarcBuilder()
            .Response("https://a.example/", 200, page, id: "a", "Content-Type: text/html; charset=utf-8")
            .Raw("this is not a WARC record\r\nnor is this\r\n"u8.ToArray())
            .Response("https://b.example/", 200, page, id: "b", "Content-Type: text/html");
        byte[] good = w.Plain();
        int garbageAt = IndexOf(good, "this is not"u8.ToArray());
        var full = new WarcBuilder().Response("https://c.example/", 200, page, id: "c", "Content-Type: text/html").Plain();
        byte[] file = [.. good, .. full[..(full.Length - 20)]];
        string path = dir["t.warc"];
        File.WriteAllBytes(path, file);

        var read = WarcRead.File(path);
        Assert.Equal(["urn:uuid:a", "urn:uuid:b"], read.Documents.Select(d => d.Id));
        Assert.Equal(2, read.Quarantined.Count);
        Assert.Equal("bad_warc_record", read.Quarantined[0].Kind);
        Assert.Equal(garbageAt, read.Quarantined[0].ByteStart);
        Assert.Equal("truncated_record", read.Quarantined[1].Kind);
        Assert.Equal(good.Length, read.Quarantined[1].ByteStart);
        Assert.Contains("urn:uuid:c", read.Quarantined[1].Error);
    }

    [Fact]
    public void ResponsesAreFilteredByStatusAndTypeAndDecodedByTransferAndContentEncoding()
    {
        using var dir = new TempDir();
        string text = string.Join(" ", LinguaSentences.Of("en", 20));
        byte[] html = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body><p>{text}</p></body></html>");
        var w = new WarcBuilder()
            .Response("https://ok.example/", 200, html, "ok", "Content-Type: text/html; charset=utf-8")
            .Response("https://gone.example/", 404, html, "gone", "Content-Type: text/html")
            .Response("https://moved.example/", 301, [], "moved", "Location: https://ok.example/")
            .Response("https://img.example/", 200, [0x89, 0x50, 0x4e, 0x47], "img", "Content-Type: image/png")
            .Response("https://chunked.example/", 200, WarcBuilder.Chunked(WarcBuilder.Gzip(html), 100), "chunked",
                "Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked", "Content-Encoding: gzip")
            .Response("https://sniffed.example/", 200, html, "sniffed")
            .Record("resource", html, "file:///saved.html", "text/html", id: "resource")
            .Record("request", "GET / HTTP/1.1\r\n\r\n"u8.ToArray(), "https://ok.example/", "application/http; msgtype=request");
        string path = dir["mixed.warc.gz"];
        File.WriteAllBytes(path, w.Gzipped());

        var read = WarcRead.File(path);
        Assert.Empty(read.Quarantined);
        Assert.Equal(["urn:uuid:ok", "urn:uuid:chunked", "urn:uuid:sniffed", "urn:uuid:resource"], read.Documents.Select(d => d.Id));
        Assert.All(read.Documents, d => Assert.Contains(text, WarcRead.Html(d)));
        Assert.Equal(1, read.Count("skipped:http_404"));
        Assert.Equal(1, read.Count("skipped:http_301"));
        Assert.Equal(1, read.Count("skipped:not_html"));
        Assert.Equal(1, read.Count("skipped:warc_request"));
    }

    /// <summary>Attacks: a gzip bomb in Content-Encoding, a block over the size limit, a huge Content-Length, endless header lines.</summary>
    [Fact]
    public void HostileRecordsAreRefusedWithinLimits()
    {
        using var dir = new TempDir();
        var options = new ReaderOptions { MaxLineBytes = 1 << 20 };
        byte[] bomb = WarcBuilder.Gzip(new byte[64 << 20]); // 64 MiB of zeros in ~64 KiB
        byte[] big = Encoding.UTF8.GetBytes("<html><body>" + new string('x', 2 << 20) + "</body></html>");
        byte[] small = "<html><body>fine</body></html>"u8.ToArray();
        var w = new WarcBuilder()
            .Response("https://bomb.example/", 200, bomb, "bomb", "Content-Type: text/html", "Content-Encoding: gzip")
            .Response("https://big.example/", 200, big, "big", "Content-Type: text/html")
            .Response("https://fine.example/", 200, small, "fine", "Content-Type: text/html")
            .Raw(Encoding.ASCII.GetBytes("WARC/1.0\r\nWARC-Type: response\r\n" + string.Concat(Enumerable.Repeat("X-Filler: yes\r\n", 1000)) + "Content-Length: 5\r\n\r\nhello\r\n\r\n"))
            .Response("https://after.example/", 200, small, "after", "Content-Type: text/html");
        string path = dir["hostile.warc"];
        File.WriteAllBytes(path, w.Plain());
        long before = GC.GetAllocatedBytesForCurrentThread();

        var read = WarcRead.File(path, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(["urn:uuid:fine", "urn:uuid:after"], read.Documents.Select(d => d.Id));
        Assert.Equal(["bad_http_response", "record_too_large", "bad_warc_record"], read.Quarantined.Select(q => q.Kind));
        Assert.Contains("expands beyond", read.Quarantined[0].Error);
        Assert.True(allocated < 48L << 20, $"{allocated} bytes allocated: the bomb was expanded");
    }

    [Fact]
    public void EmptyAndNonWarcFilesAreReportedNotCrashed()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["empty.warc"], []);
        File.WriteAllText(dir["text.warc"], "just some text\nin a file\n");
        Assert.Equal("empty_file", Assert.Single(WarcRead.File(dir["empty.warc"]).Quarantined).Kind);
        var junk = WarcRead.File(dir["text.warc"]);
        Assert.Empty(junk.Documents);
        Assert.Equal("bad_warc_record", Assert.Single(junk.Quarantined).Kind);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
