using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>
/// How the content root is chosen (<c>ContentSelector</c>): rules found on whole articles missed in trafilatura's
/// evaluation set, each tested on a small hand-written page of the markup pattern that showed it. Each test fails
/// with its rule removed.
/// </summary>
public class ContentRootRulesTests
{
    private static string Extract(string html) => new HtmlExtractor().Extract(html).Text;

    private static string Para(string topic, int n) =>
        $"The {topic} section, part {n}, explains how the new heating rules affect owners of older houses, which costs the state covers, " +
        $"and why the regional utilities expect a slow transition over the next ten years, with many exceptions for rural areas " +
        "and for tenants, who will be told by their landlords, in writing, what the change means for their rent.";

    private static readonly string Menu = string.Concat(Enumerable.Range(1, 12).Select(i => $"<li><a href=\"/topic/{i}\">Topic number {i}</a></li>"));

    [Fact]
    public void A_paragraph_named_body_text_is_one_part_of_the_article_not_its_body()
    {
        // TYPO3 names every paragraph "bodytext": the longest one must not be taken as the article body.
        string paragraphs = string.Concat(Enumerable.Range(1, 4).Select(i => $"<p class=\"bodytext\">{Para("heating", i)}</p>"));
        string html = $"""
            <html><body><div class="menu-wrap"><ul>{Menu}</ul></div>
            <div class="content-wrap"><h1>Which heating is fit for the future?</h1><div class="textblock">{paragraphs}</div></div>
            </body></html>
            """;
        string text = Extract(html);
        for (int i = 1; i <= 4; i++) Assert.Contains(Para("heating", i), text);
        Assert.DoesNotContain("Topic number", text);
    }

    [Fact]
    public void An_article_named_as_a_login_modal_is_not_the_declared_content()
    {
        string modal = "<article class=\"registration-modal dark-modal\"><h2>Create your account</h2>" +
            "<p>Register now to save your favourite videos, follow your teams and get the newsletter with everything that matters to you every week, free of charge and without advertising.</p>" +
            "<p>Already registered? Sign in with your e-mail address and your password to continue where you stopped last time, " +
            "on this device or on any other, the television app included, and manage your profile, your privacy settings and your children's accounts.</p></article>";
        string story = string.Concat(Enumerable.Range(1, 2).Select(i => $"<p>{Para("sports", i)}</p>"));
        string html = $"""
            <html><body><div class="page"><div class="wrap"><h1>Sport stands still</h1><div>{story}</div></div></div>
            {modal}</body></html>
            """;
        string text = Extract(html);
        for (int i = 1; i <= 2; i++) Assert.Contains(Para("sports", i), text);
        Assert.DoesNotContain("Register now to save", text);
    }
    [Fact]
    public void An_article_split_over_sibling_rows_is_taken_whole()
    {
        // Grid layouts put each part of the story in its own row > column > text block: three near-equal text
        // blocks in three sibling rows make their common container the content.
        string Row(int i) => $"<div class=\"row\"><div class=\"col-8\"><div class=\"text\"><h2>Part {i}</h2><p>{Para("virus", i)}</p><p>{Para("testing", i)}</p></div></div></div>";
        string html = $"""
            <html><body><div class="menu-wrap"><ul>{Menu}</ul></div>
            <div class="grid"><h1>Can the outbreak still be controlled?</h1>{Row(1)}{Row(2)}{Row(3)}</div>
            <div class="links"><ul>{Menu}</ul></div></body></html>
            """;
        string text = Extract(html);
        for (int i = 1; i <= 3; i++)
        {
            Assert.Contains(Para("virus", i), text);
            Assert.Contains(Para("testing", i), text);
        }
        Assert.DoesNotContain("Topic number", text);
    }

    [Fact]
    public void Text_written_between_block_children_scores_as_a_paragraph()
    {
        // The description is written straight into its block with line breaks around a table; a neighbouring
        // box of short paragraphs must not outscore it.
        string loose = "The Rioja region, in the north of Spain, along the Ebro river, with its three zones, Alta, Alavesa and Oriental, " +
            "is known for red wines of Tempranillo, Garnacha, Graciano and Mazuelo, aged in oak, sold as Crianza, Reserva or Gran Reserva.";
        string loose2 = "The rules of the appellation fix the yields, the grapes, the minimum ageing, in barrel and in bottle, and the labels, " +
            "which are checked, year by year, by the regulating council, its inspectors, and its tasting panel.";
        string html = $"""
            <html><body><div class="menu-wrap"><ul>{Menu}</ul></div>
            <div class="main"><div class="description">{loose}<br><br>{loose2}<br>
            <table><tr><th>Quality</th><th>Minimum ageing</th></tr><tr><td>Crianza</td><td>2 years</td></tr></table></div></div>
            <div class="box"><p>Order before noon and your wine ships today.</p><p>Free delivery in the whole country from six bottles.</p>
            <p>Questions? Call us from Monday to Friday.</p></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(loose, text);
        Assert.Contains(loose2, text);
        Assert.DoesNotContain("ships today", text);
    }
    [Fact]
    public void When_class_names_removed_the_content_the_root_is_chosen_again_on_the_page_cleaned_by_tags()
    {
        // A forum names its posts "comment": the class rules leave only the thread's title and intro, and the whole
        // page (a long index of short entries) is too big to stand in for it. The fallback chooses the content
        // root again on the page cleaned by tags only.
        string intro = "Since the last update my phone no longer reaches the app store over mobile data, only over wifi.";
        string Post(int i) => $"<div class=\"comment\"><div class=\"comment-text\"><p>{Para("forum", i)}</p></div></div>";
        string index = string.Concat(Enumerable.Range(1, 500).Select(i => $"<div>Board entry {i:000}</div>"));
        string html = $"""
            <html><body><form id="page"><main id="content"><h1>No app store over mobile data</h1><p>{intro}</p>
            {Post(1)}{Post(2)}{Post(3)}</main><div class="index">{index}</div></form></body></html>
            """;
        string text = Extract(html);
        for (int i = 1; i <= 3; i++) Assert.Contains(Para("forum", i), text);
        Assert.DoesNotContain("Board entry", text);
    }
    [Fact]
    public void An_article_declared_in_several_sections_of_one_name_is_taken_whole()
    {
        // Each section of the story carries the article-body name (article-section-1, -2, ...): the declared body
        // is all of them, not the longest.
        string Section(int i, int paras) => $"<section class=\"article-section article-section-{i}\">" +
            string.Concat(Enumerable.Range(1, paras).Select(k => $"<p>{Para($"climate {i}", k)}</p>")) + "</section>";
        string html = $"""
            <html><body><div class="menu-wrap"><ul>{Menu}</ul></div>
            <main><div class="wrap"><h1>The disasters are a warning</h1>{Section(1, 2)}<div class="inline-promo"><a href="/subscribe">Subscribe</a></div>
            {Section(2, 1)}{Section(3, 2)}</div></main></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(Para("climate 1", 2), text);
        Assert.Contains(Para("climate 2", 1), text);
        Assert.Contains(Para("climate 3", 1), text);
        Assert.DoesNotContain("Topic number", text);
    }
}
