using System.Text;

namespace YuLanData.Jobs.Tests.Web;

/// <summary>Real non-UTF-8 pages: lingua sentences encoded in legacy charsets, declared in HTTP, in &lt;meta&gt;, or not at all.</summary>
public class CharsetTests
{
    static CharsetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string, string, string> Cases => new()
    {
        { "ru", "windows-1251", "windows-1251" },
        { "uk", "windows-1251", "windows-1251" },
        { "ja", "shift_jis", "shift_jis" },
        { "zh", "gb18030", "gb18030" },
        { "fr", "iso-8859-1", "windows-1252" },
        { "de", "iso-8859-1", "windows-1252" },
    };

    private static (string Text, byte[] Page, byte[] PageWithMeta) Page(string lang, string charset, int sentences = 30)
    {
        var encoding = Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        // Sentences the charset can carry (lingua holds a few characters shift_jis lacks, and C1 controls that Latin-1
        // carries but windows-1252, which browsers read for it, does not).
        var reader = Encoding.GetEncoding(charset == "iso-8859-1" ? "windows-1252" : charset);
        string text = string.Join("\n", LinguaSentences.Of(lang, sentences * 3).Where(t => RoundTrips(encoding, reader, t)).Take(sentences));
        string body = $"<html><head><title>t</title></head><body><p>{text}</p></body></html>";
        string withMeta = $"<html><head><meta charset=\"{charset}\"><title>t</title></head><body><p>{text}</p></body></html>";
        return (text, encoding.GetBytes(body), encoding.GetBytes(withMeta));
    }

    private static bool RoundTrips(Encoding writer, Encoding reader, string text)
    {
        try
        {
            return reader.GetString(writer.GetBytes(text)) == text;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeclaredInHttpHeader(string lang, string charset, string expectedName)
    {
        var (text, page, _) = Page(lang, charset);
        using var dir = new TempDir();
        string path = dir["p.warc.gz"];
        File.WriteAllBytes(path, new WarcBuilder().Response("https://x.example/", 200, page, "x", $"Content-Type: text/html; charset={charset}").Gzipped());
        var doc = Assert.Single(WarcRead.File(path).Documents);
        Assert.Contains(text, WarcRead.Html(doc));
        Assert.Equal(expectedName, doc.Metadata["charset"]!.GetValue<string>());
        Assert.Equal("http", doc.Metadata["charset_source"]!.GetValue<string>());
        Assert.Null(doc.Metadata["invalid_byte_sequences"]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeclaredInMetaOfAnHtmlFile(string lang, string charset, string expectedName)
    {
        var (text, _, page) = Page(lang, charset);
        using var dir = new TempDir();
        File.WriteAllBytes(dir["p.html"], page);
        var read = WarcRead.File(dir["p.html"]);
        var doc = Assert.Single(read.Documents);
        Assert.Contains(text, WarcRead.Html(doc));
        Assert.Equal(expectedName, doc.Metadata["charset"]!.GetValue<string>());
        Assert.Equal("meta", doc.Metadata["charset_source"]!.GetValue<string>());
        Assert.Equal(1, read.Count("charset:" + expectedName));
    }

    /// <summary>Nothing declared: Mozilla's detector (Ude) finds the charset from the bytes.</summary>
    [Theory]
    [InlineData("ru", "windows-1251")]
    [InlineData("ja", "shift_jis")]
    [InlineData("zh", "gb18030")]
    public void UndeclaredIsDetected(string lang, string charset)
    {
        var (text, page, _) = Page(lang, charset);
        using var dir = new TempDir();
        string path = dir["p.warc"];
        File.WriteAllBytes(path, new WarcBuilder().Response("https://x.example/", 200, page, "x", "Content-Type: text/html").Plain());
        var doc = Assert.Single(WarcRead.File(path).Documents);
        Assert.Equal("detected", doc.Metadata["charset_source"]!.GetValue<string>());
        Assert.Contains(text, WarcRead.Html(doc));
    }

    /// <summary>A page labelled Latin-1 that is really UTF-8 (a common server misconfiguration) is read as UTF-8, not as mojibake.</summary>
    [Fact]
    public void Utf8LabelledLatin1IsReadAsUtf8()
    {
        string text = string.Join(" ", LinguaSentences.Of("fr", 10));
        using var dir = new TempDir();
        string path = dir["p.warc"];
        File.WriteAllBytes(path, new WarcBuilder().Response("https://x.example/", 200, Encoding.UTF8.GetBytes($"<p>{text}</p>"), "x", "Content-Type: text/html; charset=ISO-8859-1").Plain());
        var doc = Assert.Single(WarcRead.File(path).Documents);
        Assert.Contains(text, WarcRead.Html(doc));
        Assert.Equal("http_utf8_override", doc.Metadata["charset_source"]!.GetValue<string>());
    }

    /// <summary>Invalid bytes in a UTF-8 page are counted and replaced: the text stays valid.</summary>
    [Fact]
    public void InvalidSequencesAreCountedAndReplaced()
    {
        string text = string.Join(" ", LinguaSentences.Of("de", 5));
        byte[] page = [.. Encoding.UTF8.GetBytes("<p>" + text), 0xFF, 0xC3, (byte)' ', 0xE2, 0x82, .. Encoding.UTF8.GetBytes("</p>")];
        using var dir = new TempDir();
        string path = dir["p.warc"];
        File.WriteAllBytes(path, new WarcBuilder().Response("https://x.example/", 200, page, "x", "Content-Type: text/html; charset=utf-8").Plain());
        var read = WarcRead.File(path);
        var doc = Assert.Single(read.Documents);
        string html = WarcRead.Html(doc);
        Assert.Contains(text, html);
        Assert.Equal(3, doc.Metadata["invalid_byte_sequences"]!.GetValue<int>());
        Assert.Equal(3, read.Count("invalid_byte_sequences"));
        Assert.True(System.Text.Unicode.Utf8.IsValid(Encoding.UTF8.GetBytes(html)));
        Assert.Equal(3, html.Count(c => c == '\uFFFD'));
    }
}
