using YuLanData.Filters.Dedup;

namespace YuLanData.Filters.Tests.Dedup;

public class UrlNormalizerTests
{
    [Theory]
    [InlineData("HTTP://Example.COM:80/a/b/?z=1&a=2#frag", false, "http://example.com/a/b?a=2&z=1")]
    [InlineData("https://example.com:443/", false, "https://example.com")]
    [InlineData("https://example.com:8443/x", false, "https://example.com:8443/x")]
    [InlineData("https://www.Example.com/Path/Case", true, "https://example.com/Path/Case")]
    [InlineData("https://www.example.com/", false, "https://www.example.com")]
    [InlineData("  http://a.org/p?b=&&a=1  ", false, "http://a.org/p?a=1&b=")]
    [InlineData("http://a.org/?", false, "http://a.org")]
    [InlineData("example.com/x/", false, "example.com/x")]
    [InlineData("#only-fragment", false, "")]
    public void Canonical_form(string url, bool stripWww, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url, stripWww));

    [Fact]
    public void Variants_of_one_url_share_a_key()
    {
        var a = DedupKeys.OfUrl("https://www.bbc.co.uk/news/business-123?b=2&a=1", stripWww: true);
        var b = DedupKeys.OfUrl("HTTPS://bbc.co.uk:443/news/business-123/?a=1&b=2#top", stripWww: true);
        var c = DedupKeys.OfUrl("https://bbc.co.uk/news/business-124", stripWww: true);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Null(DedupKeys.OfUrl("  ", false));
    }
}
