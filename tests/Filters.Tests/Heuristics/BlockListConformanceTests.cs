using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// Conformance table for the list-based filters: <c>url_filter</c> (tldextract-style host split with a small
/// Public Suffix List written here), <c>c4_badwords</c> (made-up word lists written here; no real list ships) and
/// <c>regex_filter</c>; expected outcomes follow datatrove's definitions, explained per case.
/// </summary>
public class BlockListConformanceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("yulan-blocklists").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Psl = """
        // ===BEGIN ICANN DOMAINS===
        com
        org
        uk
        co.uk
        *.ck
        !www.ck
        // ===END ICANN DOMAINS===
        // ===BEGIN PRIVATE DOMAINS===
        blogspot.com
        """;

    private UrlFilter Url()
    {
        string psl = Path.Combine(_dir, "psl.dat");
        File.WriteAllText(psl, Psl);
        string domains = Path.Combine(_dir, "domains");
        File.WriteAllLines(domains, ["# comment line", "blocked.com", "sub.allowed.org", "bad.co.uk"]);
        return new UrlFilter(new UrlFilterOptions
        {
            PublicSuffixListFile = psl,
            DomainsFile = domains,
            ExtraUrls = ["http://ok.com/exact/page"],
            BannedWords = ["Casino"],          // normalized to "casino"
            SoftBannedWords = ["free", "xxx-prize", "win"], // "xxx-prize" → "xxxprize"
            BannedSubwords = ["viagra"],
        });
    }

    public static TheoryData<string, string, string?> UrlCases() => new()
    {
        { "registered domain blocked", "https://blocked.com/page", "domain" },
        { "any subdomain of a blocked registered domain", "https://a.b.blocked.com/", "domain" },
        { "uppercase host is lowercased", "HTTPS://BLOCKED.COM/x", "domain" },
        { "with port and user info", "http://user:pw@blocked.com:8080/x", "domain" },
        { "full host listed: sub.allowed.org", "http://sub.allowed.org/x", "subdomain" },
        { "other host of allowed.org is fine", "http://www.allowed.org/x", null },
        { "registered domain under co.uk: bad.co.uk", "http://news.bad.co.uk/", "domain" },
        { "co.uk suffix: good.co.uk is not bad.co.uk", "http://good.co.uk/", null },
        { "blogspot.com is a PRIVATE rule, ignored: registered domain is blogspot.com", "http://blocked.blogspot.com/", null },
        { "exact URL listed", "http://ok.com/exact/page", "url" },
        { "URL match is exact (trailing slash differs)", "http://ok.com/exact/page/", null },
        { "banned word as a URL word (case-normalized list, URL case kept)", "http://ok.com/casino/games", "hard_blacklisted" },
        { "URL words keep case: 'Casino' in the URL is not 'casino'", "http://ok.com/Casino/games", null },
        { "banned word inside a longer word is not a URL word", "http://ok.com/casinos", null },
        { "two soft words: free + win", "http://ok.com/free-win", "soft_blacklisted" },
        { "one soft word", "http://ok.com/free-stuff", null },
        { "the same soft word twice counts once (set)", "http://ok.com/free/free", null },
        { "soft word from a normalized entry: xxxprize + win", "http://ok.com/xxxprize/win", "soft_blacklisted" },
        { "banned subword anywhere after normalization", "http://ok.com/buy-Via-Gra-now", "blacklisted_subword" },
        { "subword across the host and path", "http://via.gra.com/", "blacklisted_subword" },
        { "clean URL", "https://en.wikipedia.org/wiki/Data", null },
        { "no scheme", "blocked.com/x", "domain" },
        { "wildcard *.ck: suffix is 'foo.ck', registered domain 'a.foo.ck'", "http://a.foo.ck/", null },
        { "IP address host has no suffix", "http://192.168.0.1/casino", "hard_blacklisted" },
        { "order: domain before banned words", "http://blocked.com/casino", "domain" },
        { "order: url before banned words", "http://ok.com/exact/page", "url" },
        { "banned word in the query string", "http://ok.com/?q=casino", "hard_blacklisted" },
        { "banned word in the host", "http://casino.ok.com/", "hard_blacklisted" },
        { "unknown TLD: no suffix, so no registered domain to match", "http://blocked.invalidtld/", null },
        { "trailing dot in the host", "http://blocked.com./", "domain" },
        { "fragment and query do not belong to the host", "http://ok.com#blocked.com", null },
    };

    [Theory]
    [MemberData(nameof(UrlCases))]
    public void UrlDecisionFollowsDatatroveDefinition(string label, string url, string? expected)
    {
        var input = new FilterInput("text", "id", new JsonObject { ["url"] = url });
        var o = Url().Apply(input);
        Assert.True(expected == o.Reason, $"{label}: expected {expected ?? "keep"}, got {o.Reason ?? "keep"}");
    }

    [Fact]
    public void PublicSuffixSplitMatchesTldextract()
    {
        var psl = new PublicSuffixList(Psl.Split('\n'));
        Assert.Equal(("forums.news", "example", "co.uk"), psl.Split("forums.news.example.co.uk"));
        Assert.Equal(("", "www", "ck"), psl.Split("www.ck"));          // exception rule !www.ck
        Assert.Equal(("", "a", "foo.ck"), psl.Split("a.foo.ck"));      // wildcard
        Assert.Equal(("", "", ""), psl.Split(""));
        Assert.Equal(("", "localhost", ""), psl.Split("localhost")); // no rule: no suffix (tldextract)
        Assert.Equal("example.com", UrlFilter.Host("https://u@Example.COM:443/path?q#f"));
    }

    [Fact]
    public void UrlFilterNeedsAUrl()
    {
        var e = Assert.Throws<InvalidDataException>(() => Url().Apply(new FilterInput("t", "doc-7", new JsonObject())));
        Assert.Contains("doc-7", e.Message);
    }

    [Fact]
    public void UrlFilterWorksWithTheSystemPublicSuffixList()
    {
        if (!File.Exists(PublicSuffixList.SystemPath)) return; // Debian package publicsuffix
        var f = new UrlFilter(new UrlFilterOptions { ExtraDomains = ["bbc.co.uk"] });
        Assert.Equal("domain", f.Decide("https://www.bbc.co.uk/news/business-123"));
        Assert.Null(f.Decide("https://www.bbc.com/news"));
        // real URLs from the article-extraction benchmark: none is blocked by an empty list
        var g = new UrlFilter(new UrlFilterOptions());
        foreach (var r in SharedDocs.Records("web/article_extraction_benchmark_groundtruth.jsonl", 50))
            Assert.Null(g.Decide(r["url"]!.GetValue<string>()));
    }

    // ---------------- c4_badwords with made-up lists
    private C4BadWordsFilter BadWords(double keep = 0, bool fail = true)
    {
        File.WriteAllLines(Path.Combine(_dir, "en"), ["darn", "heck", "blast it", "sm", ""]);
        File.WriteAllLines(Path.Combine(_dir, "zh"), ["坏", "性"]);
        return new C4BadWordsFilter(new C4BadWordsOptions { BadwordsDir = _dir, KeepFraction = keep, FailOnMissingLanguage = fail, Seed = 1 });
    }

    public static TheoryData<string, string, string?, bool> BadWordCases() => new()
    {
        { "word alone", "well darn", null, false },
        { "uppercase text is lowercased", "Well DARN it", null, false },
        { "at the start", "darn, that hurts", null, false },
        { "inside a longer word: not flanked by non-word chars", "darned socks", null, true },
        { "inside a longer word on the left", "undarn", null, true },
        { "digits are word characters", "darn2", null, true },
        { "underscore is a word character", "darn_it", null, true },
        { "punctuation flanks", "(heck)", null, false },
        { "multi-word entry", "oh blast it all", null, false },
        { "allow-listed subword 'sm' removed from every list", "size sm shirt", null, true },
        { "empty lines in the list are ignored", "nothing bad here", null, true },
        { "zh: substring match without boundaries", "这是坏事", "zh", false },
        { "zh: allow-listed '性' removed", "性别", "zh", true },
        { "language from metadata: en list not used for zh", "darn", "zh", true },
    };

    [Theory]
    [MemberData(nameof(BadWordCases))]
    public void BadWordsFollowDatatroveDefinition(string label, string text, string? language, bool keep)
    {
        var meta = new JsonObject();
        if (language is not null) meta["language"] = language;
        var o = BadWords().Apply(new FilterInput(text, "id", meta));
        Assert.True(keep == o.Keep, label);
        if (!keep) Assert.Equal("document_removed_with_badwords", o.Reason);
    }

    [Fact]
    public void MissingLanguageListThrowsOrKeeps()
    {
        var meta = new JsonObject { ["language"] = "fr" };
        var e = Assert.Throws<InvalidOperationException>(() => BadWords().Apply(new FilterInput("merde", "id", meta)));
        Assert.Contains("fr", e.Message);
        Assert.True(BadWords(fail: false).Apply(new FilterInput("merde", "id", meta)).Keep);
        Assert.Throws<ArgumentException>(() => new C4BadWordsFilter(new C4BadWordsOptions()));
    }

    [Fact]
    public void KeepFractionIsPerDocumentIdAndRoughlyRight()
    {
        var f = BadWords(keep: 0.3);
        int kept = 0;
        for (int i = 0; i < 2000; i++)
        {
            var a = f.Apply(new FilterInput("darn", "doc" + i, new JsonObject())).Keep;
            var b = f.Apply(new FilterInput("darn", "doc" + i, new JsonObject())).Keep;
            Assert.Equal(a, b);
            if (a) kept++;
        }
        Assert.InRange(kept, 520, 680); // 600 ± 3.5 sigma
    }

    // ---------------- regex_filter
    [Theory]
    [InlineData(@"\bcasino\b", "visit our casino today", false)]
    [InlineData(@"\bcasino\b", "casinos are here", true)]
    [InlineData(@"^\s*$", "", false)]
    [InlineData(@"(?i)lorem ipsum", "LOREM IPSUM dolor", false)]
    [InlineData(@"\d{3}-\d{4}", "call 555-1234 now", false)]
    [InlineData(@"\d{3}-\d{4}", "call 55-1234 now", true)]
    public void RegexDropsOnFirstMatch(string pattern, string text, bool keep)
    {
        var o = new RegexFilter(new RegexFilterOptions { RegexExp = pattern }).Apply(SharedDocs.Input(text));
        Assert.Equal(keep, o.Keep);
        if (!keep) Assert.Equal("regex", o.Reason);
    }

    [Fact]
    public void BadRegexIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => new RegexFilter(new RegexFilterOptions { RegexExp = "(unclosed" }));
        Assert.Contains("(unclosed", e.Message);
    }

    [Fact]
    public void TableHasAtLeastFiftyCases() => Assert.True(UrlCases().Count + BadWordCases().Count + 6 /* regex cases */ >= 50);
}
