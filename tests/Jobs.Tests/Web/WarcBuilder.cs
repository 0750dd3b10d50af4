using System.IO.Compression;
using System.Text;

namespace YuLanData.Jobs.Tests.Web;

/// <summary>Writes WARC files record by record (plain, or one gzip member per record as Common Crawl does).</summary>
internal sealed class WarcBuilder
{
    private readonly List<byte[]> _records = [];

    /// <summary>Adds a record with the given block; Content-Length is the block's length unless <paramref name="contentLength"/> says otherwise.</summary>
    public WarcBuilder Record(string type, byte[] block, string? uri = null, string? contentType = null, long? contentLength = null, string? id = null)
    {
        var head = new StringBuilder();
        head.Append("WARC/1.0\r\n");
        head.Append($"WARC-Type: {type}\r\n");
        head.Append($"WARC-Record-ID: <urn:uuid:{id ?? Guid.NewGuid().ToString()}>\r\n");
        head.Append("WARC-Date: 2024-04-25T16:24:44Z\r\n");
        if (uri != null)
            head.Append($"WARC-Target-URI: {uri}\r\n");
        if (contentType != null)
            head.Append($"Content-Type: {contentType}\r\n");
        head.Append($"Content-Length: {contentLength ?? block.Length}\r\n\r\n");
        _records.Add([.. Encoding.ASCII.GetBytes(head.ToString()), .. block, .. "\r\n\r\n"u8]);
        return this;
    }

    /// <summary>Adds an HTTP response record: status line, headers, body as given (already chunked or compressed if the headers say so).</summary>
    public WarcBuilder Response(string uri, int status, byte[] body, string? id = null, params string[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} X\r\n");
        foreach (var h in headers)
            head.Append(h).Append("\r\n");
        head.Append("\r\n");
        return Record("response", [.. Encoding.ASCII.GetBytes(head.ToString()), .. body], uri, "application/http; msgtype=response", id: id);
    }

    public WarcBuilder Raw(byte[] bytes)
    {
        _records.Add(bytes);
        return this;
    }

    public byte[] Plain() => _records.SelectMany(r => r).ToArray();

    /// <summary>One gzip member per record; <paramref name="starts"/> receives each member's offset.</summary>
    public byte[] Gzipped(List<long>? starts = null)
    {
        var file = new MemoryStream();
        foreach (var r in _records)
        {
            starts?.Add(file.Length);
            using var gz = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
            gz.Write(r);
        }
        return file.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var m = new MemoryStream();
        using (var gz = new GZipStream(m, CompressionLevel.Optimal, leaveOpen: true))
            gz.Write(data);
        return m.ToArray();
    }

    public static byte[] Chunked(byte[] data, int chunk)
    {
        var m = new MemoryStream();
        for (int i = 0; i < data.Length; i += chunk)
        {
            int n = Math.Min(chunk, data.Length - i);
            m.Write(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
            m.Write(data, i, n);
            m.Write("\r\n"u8);
        }
        m.Write("0\r\n\r\n"u8);
        return m.ToArray();
    }
}
