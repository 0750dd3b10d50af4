using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>One test per extraction rule, on small realistic pages: each fails when its rule is removed.</summary>
public class HtmlExtractorTests
{
    private const string P1 = "The river authority reported on Tuesday that water levels along the lower valley had risen by almost two metres, forcing the closure of three bridges and the evacuation of several farms near the old mill.";
    private const string P2 = "Engineers said the new flood barriers, completed last spring at a cost of four million euros, held back the worst of the surge, although a section near the railway embankment will need repairs before winter.";
    private const string P3 = "Residents who left their homes were offered rooms in the town's sports hall, and volunteers from the fire brigade, the Red Cross and local churches brought food, blankets and dry clothes throughout the night.";
    private const string P4 = "The authority expects the water to fall slowly over the coming week, provided that the forecast of light rain holds, and asked drivers to avoid the valley road until the bridges have been inspected.";

    private static string Article(string inner) => Page($"<article><h1>Floods close three bridges</h1>{inner}</article>");

    private static string Page(string main, string lang = "en") => $$"""
        <!DOCTYPE html>
        <html lang="{{lang}}"><head><title>Floods close three bridges | Valley News</title>
        <meta charset="utf-8"><style>body { font-family: serif; }</style><script>var tracking = "should never appear";</script></head>
        <body>
        <header class="site-header"><a href="/">Valley News</a>
          <nav><ul><li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
        <div id="main">{{main}}</div>
        <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Mayor opens new library in the market square</a></li><li><a href="/b">Local team wins the regional cup after extra time</a></li></ul></aside>
        <footer><p>Copyright Valley News Media Group. All rights reserved. Imprint and privacy policy.</p></footer>
        </body></html>
        """;

    private static string Extract(string html, HtmlExtractorSettings? settings = null) => new HtmlExtractor(settings).Extract(html).Text;

    [Fact]
    public void Keeps_the_article_and_drops_navigation_sidebar_footer_and_scripts()
    {
        string text = Extract(Article($"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p>"));
        foreach (var p in new[] { P1, P2, P3, P4 }) Assert.Contains(p, text);
        Assert.DoesNotContain("Politics", text);
        Assert.DoesNotContain("Most read", text);
        Assert.DoesNotContain("Mayor opens new library", text);
        Assert.DoesNotContain("Copyright Valley News", text);
        Assert.DoesNotContain("tracking", text);
        Assert.DoesNotContain("font-family", text);
    }

    [Theory]
    [InlineData("cookie-banner", "We use cookies to give you the best experience on our website, and by continuing to browse you agree to our use of them.")]
    [InlineData("share-bar", "Share this article with your friends and family on your favourite social networks and by e-mail today.")]
    [InlineData("related-articles", "Heavy rain expected again in the northern districts later this month according to the weather service.")]
    [InlineData("newsletter-signup", "Get the most important stories of the valley delivered to your inbox every morning, free of charge.")]
    [InlineData("breadcrumb", "You are here: Home, Regional news, Valley district, Environment and weather reports.")]
    public void Removes_furniture_named_by_class_inside_the_article(string cls, string furniture)
    {
        string text = Extract(Article($"<p>{P1}</p><div class=\"{cls}\"><p>{furniture}</p></div><p>{P2}</p><p>{P3}</p>"));
        Assert.Contains(P1, text);
        Assert.Contains(P3, text);
        Assert.DoesNotContain(furniture, text);
    }

    [Fact]
    public void Comments_are_removed_unless_asked_for()
    {
        const string comment = "I live next to the mill and can confirm that the water came up faster than anyone expected that evening.";
        string html = Page($"<article><p>{P1}</p><p>{P2}</p><p>{P3}</p></article><section id=\"comments\"><h2>3 comments</h2><div class=\"comment\"><p>{comment}</p></div></section>");
        Assert.DoesNotContain(comment, Extract(html));
        string withComments = Extract(html, new HtmlExtractorSettings { IncludeComments = true });
        Assert.Contains(comment, withComments);
        Assert.True(withComments.IndexOf(P3, StringComparison.Ordinal) < withComments.IndexOf(comment, StringComparison.Ordinal), "comments come after the main text");
    }

    [Fact]
    public void Hidden_elements_are_removed()
    {
        const string hidden = "This paragraph is hidden by an inline style and is never shown to any reader of the page.";
        const string hidden2 = "This paragraph carries the hidden attribute and is likewise invisible to every reader.";
        string text = Extract(Article($"<p>{P1}</p><p style=\"display: none\">{hidden}</p><p hidden>{hidden2}</p><p>{P2}</p><p>{P3}</p>"));
        Assert.Contains(P2, text);
        Assert.DoesNotContain(hidden, text);
        Assert.DoesNotContain(hidden2, text);
    }

    [Fact]
    public void Link_heavy_blocks_inside_the_content_are_pruned_but_prose_with_links_is_kept()
    {
        string links = "<div class=\"x1\"><a href=\"/1\">Storm damage in the north of the county</a> <a href=\"/2\">Photo gallery of the high water</a> <a href=\"/3\">Insurance questions answered by experts</a></div>";
        string prose = $"<p>{P2[..60]} <a href=\"/barriers\">flood barriers</a> {P2[60..]}</p>";
        string text = Extract(Article($"<p>{P1}</p>{prose}{links}<p>{P3}</p><p>{P4}</p>"));
        Assert.Contains("flood barriers", text);
        Assert.Contains(P4, text);
        Assert.DoesNotContain("Photo gallery of the high water", text);
    }

    [Fact]
    public void Br_becomes_a_line_break_and_blocks_become_paragraphs()
    {
        string text = Extract(Article($"<p>{P1}</p><p>Mill Road 12<br>Valley Town<br/>VT1 2AB</p><p>{P2}</p><p>{P3}</p>"));
        Assert.Contains("Mill Road 12\nValley Town\nVT1 2AB", text);
        Assert.Contains(P1 + "\n\nMill Road 12", text);
    }

    [Fact]
    public void Markdown_keeps_headings_lists_tables_and_code_blocks()
    {
        string inner = $"""
            <p>{P1}</p><h2>What to do now</h2>
            <ul><li>Avoid the valley road</li><li>Check your <b>basement</b> for water</li></ul>
            <ol><li>Call the hotline</li><li>Wait for the inspector</li></ol>
            <table><tr><th>Bridge</th><th>Status</th></tr><tr><td>Old Mill</td><td>closed</td></tr></table>
            <pre>level = read_gauge()
            if level &gt; 2.0:
                close_bridge()</pre><p>{P2}</p><p>{P3}</p>
            """;
        string md = Extract(Article(inner), new HtmlExtractorSettings { Format = ExtractionFormat.Markdown });
        Assert.Contains("## What to do now", md);
        Assert.Contains("- Avoid the valley road\n- Check your basement for water", md);
        Assert.Contains("1. Call the hotline\n2. Wait for the inspector", md);
        Assert.Contains("| Bridge | Status |\n| --- | --- |\n| Old Mill | closed |", md);
        Assert.Contains("```\nlevel = read_gauge()\nif level > 2.0:\n    close_bridge()\n```", md);

        string text = Extract(Article(inner));
        Assert.Contains("What to do now", text);
        Assert.DoesNotContain("## ", text);
        Assert.Contains("Bridge | Status\nOld Mill | closed", text);
        Assert.Contains("if level > 2.0:\n    close_bridge()", text);
    }

    [Fact]
    public void Tables_can_be_left_out()
    {
        string html = Article($"<p>{P1}</p><table><tr><td>Old Mill bridge</td><td>closed until further notice</td></tr></table><p>{P2}</p><p>{P3}</p>");
        Assert.Contains("Old Mill bridge", Extract(html));
        Assert.DoesNotContain("Old Mill bridge", Extract(html, new HtmlExtractorSettings { IncludeTables = false }));
    }

    [Fact]
    public void Links_are_written_when_asked_for()
    {
        string html = Article($"<p>{P1} See <a href=\"https://example.org/report\">the full report</a>.</p><p>{P2}</p><p>{P3}</p>");
        Assert.Contains("[the full report](https://example.org/report)", Extract(html, new HtmlExtractorSettings { IncludeLinks = true, Format = ExtractionFormat.Markdown }));
        Assert.Contains("the full report (https://example.org/report)", Extract(html, new HtmlExtractorSettings { IncludeLinks = true }));
        Assert.DoesNotContain("https://example.org/report", Extract(html));
    }

    [Fact]
    public void Declared_article_body_wins_over_a_longer_block_of_teasers()
    {
        // A listing of teaser paragraphs outside the article body scores high on prose, but the page declares its body.
        string teasers = string.Concat(Enumerable.Range(1, 8).Select(i => $"<p>Teaser {i}: a long summary of another story about roads, schools, and the weather, written to make you click, with many words in it.</p>"));
        string html = Page($"<div class=\"teasers\">{teasers}</div><div itemprop=\"articleBody\"><p>{P1}</p><p>{P2}</p></div>");
        string text = Extract(html);
        Assert.Contains(P1, text);
        Assert.DoesNotContain("Teaser 3", text);
    }

    [Fact]
    public void Paragraph_scoring_finds_content_without_any_declared_container()
    {
        string html = Page($"<div class=\"x\"><div class=\"y\"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div><div class=\"z\"><p>Short note.</p></div>").Replace("<div id=\"main\">", "<div>");
        string text = Extract(html);
        Assert.Contains(P1, text);
        Assert.Contains(P3, text);
        Assert.DoesNotContain("Short note.", text);
    }

    [Fact]
    public void Lead_paragraph_before_the_declared_body_is_kept()
    {
        const string lead = "A summer storm brought the heaviest rainfall in forty years to the valley, and the river rose faster than at any time since records began.";
        string html = Page($"<article><div class=\"intro\"><p>{lead}</p></div><div class=\"entry-content\"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></article>");
        Assert.Contains(lead, Extract(html));
    }

    [Fact]
    public void Short_clutter_lines_at_the_edges_are_trimmed_but_not_in_recall_mode()
    {
        string html = Article($"<div>By Anna Berg</div><div>12 March 2024</div><p>{P1}</p><p>{P2}</p><p>{P3}</p><div>Share</div><div>Print this page</div>");
        string text = Extract(html);
        Assert.StartsWith(P1, text);
        Assert.EndsWith(P3, text);
        Assert.Contains("By Anna Berg", Extract(html, new HtmlExtractorSettings { Mode = ExtractionMode.Recall }));
    }

    [Fact]
    public void Small_pages_fall_back_to_the_whole_cleaned_page()
    {
        // No container, no paragraphs: a one-line notice in divs.
        string html = "<html><body><div><div>Closed today because of the flood.</div><div>Open again on Monday from nine.</div></div></body></html>";
        var r = new HtmlExtractor().Extract(html);
        Assert.Contains("Closed today because of the flood.", r.Text);
        Assert.Contains("Open again on Monday from nine.", r.Text);
    }

    [Fact]
    public void Title_and_language_hints()
    {
        var r = new HtmlExtractor().Extract(Page($"<article><p>{P1}</p></article>", lang: "de-AT"));
        Assert.Equal("Floods close three bridges | Valley News", r.Title);
        Assert.Equal("de-at", r.Language);
        var og = new HtmlExtractor().Extract("<html><head><meta property=\"og:title\" content=\"Flood report\"><meta property=\"og:locale\" content=\"fr_FR\"></head><body><p>x</p></body></html>");
        Assert.Equal("Flood report", og.Title);
        Assert.Equal("fr-fr", og.Language);
    }

    [Fact]
    public void Noscript_content_is_read_and_ruby_annotations_are_dropped()
    {
        string html = Page($"<noscript><article><p>{P1}</p><p>{P2}</p></article></noscript>");
        Assert.Contains(P1, Extract(html));
        string ruby = Page("<article><p><ruby>子<rt>こ</rt></ruby>どもへの体罰を禁止する法律ができました。これは長い文章の例です、とても大切な話です。</p></article>");
        Assert.Contains("子どもへの体罰", Extract(ruby));
    }

    [Fact]
    public void Hostile_nesting_and_empty_input_do_not_fail()
    {
        string deep = string.Concat(Enumerable.Repeat("<div>", 50_000)) + P1 + string.Concat(Enumerable.Repeat("</div>", 50_000));
        Assert.Contains("river authority", Extract(deep));
        Assert.Equal("", Extract(""));
        Assert.Equal("", Extract("<html><body><script>only()</script></body></html>"));
    }
}
