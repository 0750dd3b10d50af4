using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace YuLanData.Jobs.IO.Web;

/// <summary>How the text of an HTML page was decoded.</summary>
/// <param name="Text">The decoded text (valid UTF-16, so valid UTF-8 when written).</param>
/// <param name="Charset">The encoding used, by its WHATWG-style name (<c>utf-8</c>, <c>windows-1251</c>, ...).</param>
/// <param name="Source">Where the charset came from: <c>bom</c>, <c>http</c>, <c>meta</c>, <c>utf8_valid</c>,
/// <c>detected</c>, <c>default</c>, or <c>http_utf8_override</c> / <c>meta_utf8_override</c> when a declared Latin
/// charset was overruled by bytes that are valid multi-byte UTF-8.</param>
/// <param name="InvalidSequences">Byte sequences invalid in that charset, each replaced by U+FFFD.</param>
internal readonly record struct DecodedHtml(string Text, string Charset, string Source, int InvalidSequences);

/// <summary>
/// Finds the character encoding of an HTML page and decodes it. Order: byte-order mark, the HTTP Content-Type
/// charset, a <c>&lt;meta charset&gt;</c> or <c>http-equiv</c> declaration in the first 4 KiB, then (nothing
/// declared) valid UTF-8, statistical detection (Mozilla's universal detector via Ude), and windows-1252 last.
/// </summary>
internal static partial class HtmlCharset
{
    private const int MetaScanBytes = 4096;

    static HtmlCharset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes <paramref name="bytes"/> as HTML.</summary>
    /// <param name="bytes">The page bytes (after transfer and content decoding).</param>
    /// <param name="httpContentType">The HTTP Content-Type header value, or null.</param>
    public static DecodedHtml Decode(ReadOnlySpan<byte> bytes, string? httpContentType)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return DecodeWith(bytes[3..], "utf-8", "bom");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return DecodeWith(bytes[2..], "utf-16le", "bom");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return DecodeWith(bytes[2..], "utf-16be", "bom");
        if (CharsetParameter(httpContentType) is { } declared && Resolve(declared) is { } httpName)
            return DecodeDeclared(bytes, httpName, "http");
        if (MetaCharset(bytes) is { } meta && Resolve(meta) is { } metaName)
            // A page that declares UTF-16 in ASCII-compatible bytes is not UTF-16 (WHATWG: treat as UTF-8).
            return DecodeDeclared(bytes, metaName.StartsWith("utf-16", StringComparison.Ordinal) ? "utf-8" : metaName, "meta");
        return DecodeUndeclared(bytes);
    }

    /// <summary>Decodes bytes that declare no charset: valid UTF-8, else detection, else windows-1252.</summary>
    public static DecodedHtml DecodeUndeclared(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
            return DecodeWith(bytes, "utf-8", "utf8_valid");
        if (Detect(bytes) is { } detected)
            return DecodeWith(bytes, detected, "detected");
        return DecodeWith(bytes, "windows-1252", "default");
    }

    private static DecodedHtml DecodeDeclared(ReadOnlySpan<byte> bytes, string name, string source)
    {
        // A page labelled Latin-1 / windows-1252 whose bytes are valid UTF-8 with multi-byte sequences is UTF-8:
        // such byte pairs almost never occur in real single-byte text, and decoding them as Latin is mojibake.
        if (name is "windows-1252" or "iso-8859-15" && bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && Utf8.IsValid(bytes))
            return DecodeWith(bytes, "utf-8", source + "_utf8_override");
        return DecodeWith(bytes, name, source);
    }

    /// <summary>Decodes with the named encoding, counting invalid sequences.</summary>
    public static DecodedHtml DecodeWith(ReadOnlySpan<byte> bytes, string name, string source)
    {
        var fallback = new CountingDecoderFallback();
        var encoding = Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, fallback);
        // One decoder pass (Encoding.GetString counts characters first and so calls the fallback twice).
        var chars = new char[encoding.GetMaxCharCount(bytes.Length)];
        int n = encoding.GetDecoder().GetChars(bytes, chars, flush: true);
        return new DecodedHtml(new string(chars, 0, n), name, source, fallback.Count);
    }

    /// <summary>The <c>charset</c> parameter of a Content-Type value, or null.</summary>
    public static string? CharsetParameter(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return null;
        var m = CharsetParameterPattern().Match(contentType);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The charset a <c>&lt;meta&gt;</c> tag declares in the first 4 KiB, or null.</summary>
    public static string? MetaCharset(ReadOnlySpan<byte> bytes)
    {
        string head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, MetaScanBytes)]);
        foreach (Match tag in MetaTagPattern().Matches(head))
        {
            var m = MetaCharsetPattern().Match(tag.Value);
            if (m.Success)
                return m.Groups[1].Value;
        }
        return null;
    }

    /// <summary>
    /// The .NET-supported encoding a charset label means, by WHATWG's label rules for the common labels
    /// (ISO-8859-1 and ASCII mean windows-1252, GB2312 and GBK mean GB18030, ...); null for an unknown label.
    /// </summary>
    public static string? Resolve(string label)
    {
        string l = label.Trim().Trim('"', '\'').ToLowerInvariant();
        string name = l switch
        {
            "utf8" or "utf-8" or "unicode-1-1-utf-8" or "x-unicode20utf8" => "utf-8",
            "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "ascii" or "us-ascii" or "iso_8859-1" or "cp1252" or "windows-1252" or "x-cp1252" or "cp819" or "ibm819" => "windows-1252",
            "gb2312" or "gbk" or "x-gbk" or "cp936" or "gb_2312-80" or "chinese" or "csgb2312" or "gb18030" or "euc-cn" => "gb18030",
            "shift_jis" or "shift-jis" or "sjis" or "x-sjis" or "ms_kanji" or "windows-31j" or "cp932" or "csshiftjis" => "shift_jis",
            "euc-kr" or "ks_c_5601-1987" or "windows-949" or "cp949" or "ksc5601" => "ks_c_5601-1987",
            "big5" or "big5-hkscs" or "cn-big5" or "x-x-big5" => "big5",
            "iso-8859-9" or "latin5" or "windows-1254" => "windows-1254",
            "iso-8859-11" or "tis-620" or "windows-874" => "windows-874",
            "utf-16" or "utf-16le" => "utf-16le",
            "utf-7" or "unicode-1-1-utf-7" => "", // not a web encoding (WHATWG), and a known way to smuggle markup
            _ => l,
        };
        if (name.Length == 0)
            return null;
        try
        {
            return Encoding.GetEncoding(name).WebName.ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The charset Mozilla's universal detector finds, or null when it finds none with some confidence.</summary>
    private static string? Detect(ReadOnlySpan<byte> bytes)
    {
        var detector = new Ude.CharsetDetector();
        var sample = bytes[..Math.Min(bytes.Length, 256 * 1024)].ToArray();
        detector.Feed(sample, 0, sample.Length);
        detector.DataEnd();
        if (detector.Charset is not { } charset || detector.Confidence < 0.2f)
            return null;
        return Resolve(charset);
    }

    [GeneratedRegex(@"charset\s*=\s*[""']?([A-Za-z0-9_.:+-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetParameterPattern();

    [GeneratedRegex(@"<meta\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaTagPattern();

    [GeneratedRegex(@"charset\s*=\s*[""']?\s*([A-Za-z0-9_.:+-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharsetPattern();
}
