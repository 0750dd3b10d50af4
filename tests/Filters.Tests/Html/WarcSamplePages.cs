using System.IO.Compression;
using System.Text;

namespace YuLanData.Filters.Tests.Html;

/// <summary>The HTML bodies of the HTTP 200 text/html responses in the real WARC samples of ../shared/data/web/raw_warc
/// (a minimal record splitter for the tests; the product's WARC reader is a separate component).</summary>
internal static class WarcSamplePages
{
    internal static IReadOnlyList<(string Url, string Html)> Load()
    {
        string dir = FindDir();
        var pages = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(dir, "*.warc.gz").Order(StringComparer.Ordinal))
        {
            using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            byte[] data = ms.ToArray();
            int pos = 0;
            while (pos < data.Length)
            {
                int headerEnd = IndexOf(data, "\r\n\r\n"u8, pos);
                if (headerEnd < 0) break;
                string header = Encoding.ASCII.GetString(data, pos, headerEnd - pos);
                int length = int.Parse(Field(header, "Content-Length")!);
                int start = headerEnd + 4;
                if (Field(header, "WARC-Type") == "response")
                {
                    var block = data.AsSpan(start, length);
                    int httpEnd = IndexOf(block.ToArray(), "\r\n\r\n"u8, 0);
                    string http = Encoding.ASCII.GetString(block[..httpEnd]);
                    if (http.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && http.Contains("text/html", StringComparison.OrdinalIgnoreCase))
                        pages.Add((Field(header, "WARC-Target-URI")!, Encoding.UTF8.GetString(block[(httpEnd + 4)..])));
                }
                pos = start + length;
                while (pos < data.Length && data[pos] is (byte)'\r' or (byte)'\n') pos++;
            }
        }
        return pages;
    }

    private static string? Field(string header, string name)
    {
        foreach (var line in header.Split("\r\n"))
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) return line[(name.Length + 1)..].Trim();
        return null;
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> needle, int from)
    {
        int i = data.AsSpan(from).IndexOf(needle);
        return i < 0 ? -1 : from + i;
    }

    private static string FindDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "..", "shared", "data", "web", "raw_warc");
            if (File.Exists(Path.Combine(d.FullName, "YuLanData.sln")) && Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("../shared/data/web/raw_warc not found next to the repository");
    }
}
