using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>All visible text of the HTML responses of WARC files (scripts and styles removed, tags turned into
/// spaces): what a page-level extraction keeps, navigation and footers included.</summary>
public static partial class FullPageText
{
    /// <summary>The text of every HTML response of the <c>*.warc.gz</c> files in <paramref name="folder"/>.</summary>
    public static IEnumerable<string> FromWarcFolder(string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*.warc.gz").Order(StringComparer.Ordinal))
        {
            using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gz.CopyTo(buffer);
            string all = Encoding.UTF8.GetString(buffer.ToArray());
            foreach (var record in all.Split("WARC/1.0\r\n"))
            {
                if (!record.Contains("WARC-Type: response", StringComparison.Ordinal))
                    continue;
                int body = record.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                body = body < 0 ? -1 : record.IndexOf("\r\n\r\n", body + 4, StringComparison.Ordinal);
                if (body < 0)
                    continue;
                string html = record[(body + 4)..];
                if (!html.Contains("<html", StringComparison.OrdinalIgnoreCase))
                    continue;
                html = ScriptOrStyle().Replace(html, " ");
                yield return WebUtility.HtmlDecode(Tag().Replace(html, " "));
            }
        }
    }

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex("<[^>]+>", RegexOptions.Singleline)]
    private static partial Regex Tag();
}
