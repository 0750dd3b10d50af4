using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Cli.Bench;

/// <summary>Decodes raw HTML bytes for the extraction benchmark: byte-order mark, else UTF-8 when the bytes are
/// valid UTF-8, else the first usable <c>charset</c> declared in the first 8 KiB, else windows-1252.</summary>
internal static partial class HtmlBytes
{
    static HtmlBytes() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex(@"charset\s*=\s*[""']?\s*([A-Za-z0-9_.:-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetRegex();

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

    internal static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        // Valid UTF-8 is almost never anything else; declarations are often wrong (archived or re-served pages).
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { }
        string head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 8192));
        foreach (Match m in CharsetRegex().Matches(head))
        {
            string name = m.Groups[1].Value.ToLowerInvariant();
            if (name is "iso-8859-1" or "latin1" or "us-ascii" or "ascii") name = "windows-1252";
            if (name is "gb2312" or "gbk") name = "gb18030";
            try
            {
                var enc = Encoding.GetEncoding(name);
                if (enc.CodePage != 65001) return enc.GetString(bytes);
            }
            catch (ArgumentException) { }
        }
        return Encoding.GetEncoding(1252).GetString(bytes);
    }
}
