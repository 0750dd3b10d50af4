using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>
/// Rules about the edges of the content: the lead paragraph just before the content root and the short lines
/// at its start and end. Each test is a small hand-written page of the pattern, and fails with its rule removed.
/// </summary>
public class HtmlExtractorEdgeRulesTests
{
    private static string Extract(string html) => new HtmlExtractor().Extract(html).Text;

    private const string Body =
        "<p>The city council met on Tuesday evening to discuss the new budget, which includes funds for schools, roads and the public library.</p>" +
        "<p>Several residents spoke in favour of the plan, while others asked for more money to be spent on parks, bike lanes and street lighting.</p>" +
        "<p>The final vote is expected next month, after a second public hearing, and the mayor said she was confident it would pass.</p>";

    [Fact]
    public void An_intro_named_block_just_before_the_content_joins_it()
    {
        const string intro = "After months of debate, the council has presented a budget that puts education first.";
        string html = $"""
            <html><body><div class="page"><div class="col-main">
            <h1>Council presents budget</h1>
            <div class="news-full-intro"><p>{intro}</p></div>
            <div class="news-text">{Body}</div>
            </div></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(intro, text);
        Assert.Contains("The final vote is expected next month", text);
    }

    [Fact]
    public void A_teaser_far_before_the_content_stays_out()
    {
        const string teaser = "Another story about the harbour, its new ferry terminal and the people who work there every day.";
        string filler = string.Concat(Enumerable.Range(1, 20).Select(i => $"<span>Section heading number {i} of the site </span>"));
        string html = $"""
            <html><body><div class="page"><div class="col-main">
            <div class="teaser"><p>{teaser}</p></div>
            <div class="strip">{filler}</div>
            <div class="news-text">{Body}</div>
            </div></div></body></html>
            """;
        string text = Extract(html);
        Assert.DoesNotContain("ferry terminal", text);
        Assert.Contains("The final vote is expected next month", text);
    }

    [Fact]
    public void A_short_sentence_at_the_start_is_kept()
    {
        string html = $"""
            <html><body><article class="post-content"><p>I woke up, it was dark.</p>{Body}</article></body></html>
            """;
        string text = Extract(html);
        Assert.StartsWith("I woke up, it was dark.", text);
    }

    [Fact]
    public void A_short_byline_at_the_start_still_goes()
    {
        string html = $"""
            <html><body><article class="post-content"><p>By Jane Doe</p>{Body}</article></body></html>
            """;
        string text = Extract(html);
        Assert.DoesNotContain("Jane Doe", text);
    }

    [Fact]
    public void A_trailing_label_ending_in_a_colon_is_dropped()
    {
        string html = $"""
            <html><body><article class="post-content">{Body}<p>These articles on the budget might also interest you:</p></article></body></html>
            """;
        string text = Extract(html);
        Assert.DoesNotContain("might also interest you", text);
        Assert.EndsWith("confident it would pass.", text.TrimEnd());
    }

    [Fact]
    public void A_trailing_call_to_follow_or_subscribe_is_dropped()
    {
        string html = $"""
            <html><body><article class="post-content">{Body}<p>Follow us on Twitter and Facebook for the latest news from the city.</p></article></body></html>
            """;
        string text = Extract(html);
        Assert.DoesNotContain("Follow us", text);
        Assert.EndsWith("confident it would pass.", text.TrimEnd());
    }

    [Fact]
    public void A_long_closing_paragraph_naming_a_social_network_stays()
    {
        const string last = "The mayor later repeated on Facebook that the plan would not raise taxes, and she invited residents to a town hall meeting in the library next week to explain every line of the budget in detail.";
        string html = $"""
            <html><body><article class="post-content">{Body}<p>{last}</p></article></body></html>
            """;
        Assert.Contains(last, Extract(html));
    }

    [Fact]
    public void Trailing_app_download_and_blog_footer_lines_are_dropped()
    {
        string html = $"""
            <html><body><article class="post-content">{Body}<p>This entry was posted in City Hall by the editors.</p>
            <p>For the latest stories download our apps for iOS and Android.</p></article></body></html>
            """;
        string text = Extract(html);
        Assert.DoesNotContain("posted in", text);
        Assert.DoesNotContain("download our apps", text);
        Assert.EndsWith("confident it would pass.", text.TrimEnd());
    }
}
