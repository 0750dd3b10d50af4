using System.Text.Json.Nodes;
using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>The <c>html_extract</c> stage: field contract, metadata and reason codes.</summary>
public class HtmlExtractFilterTests
{
    private const string Page = "<html lang=\"en\"><head><title>Flood report</title></head><body><nav><a href=\"/\">Home</a></nav><article><p>The river authority reported on Tuesday that water levels along the lower valley had risen by almost two metres, forcing the closure of three bridges.</p></article></body></html>";

    [Fact]
    public void Reads_the_html_field_writes_text_title_and_language_and_drops_the_html()
    {
        var filter = new HtmlExtractFilter(new HtmlExtractOptions());
        var metadata = new JsonObject { ["html"] = Page, ["url"] = "https://example.org/flood" };
        var outcome = filter.Apply(new FilterInput("", "d1", metadata));
        Assert.True(outcome.Keep);
        Assert.StartsWith("The river authority reported", outcome.NewText);
        Assert.DoesNotContain("Home", outcome.NewText);
        Assert.Equal("Flood report", (string?)metadata["title"]);
        Assert.Equal("en", (string?)metadata["lang_hint"]);
        Assert.False(metadata.ContainsKey("html"));
        Assert.Equal("https://example.org/flood", (string?)metadata["url"]);
    }

    [Fact]
    public void Html_in_the_text_is_used_when_there_is_no_html_field_and_kept_when_asked()
    {
        var outcome = new HtmlExtractFilter(new HtmlExtractOptions()).Apply(new FilterInput(Page, "d1", new JsonObject()));
        Assert.StartsWith("The river authority reported", outcome.NewText);
        var metadata = new JsonObject { ["html"] = Page };
        new HtmlExtractFilter(new HtmlExtractOptions { KeepHtml = true }).Apply(new FilterInput("", "d2", metadata));
        Assert.True(metadata.ContainsKey("html"));
    }

    [Theory]
    [InlineData("just plain text, no markup at all")]
    [InlineData("binary\0\0\u0001<html>")]
    public void Non_html_is_dropped_as_not_html(string input)
    {
        var outcome = new HtmlExtractFilter(new HtmlExtractOptions()).Apply(new FilterInput("", "d", new JsonObject { ["html"] = input }));
        Assert.Equal(FilterOutcome.Drop("not_html"), outcome);
        var numeric = new HtmlExtractFilter(new HtmlExtractOptions()).Apply(new FilterInput("", "d", new JsonObject { ["html"] = 42 }));
        Assert.Equal("not_html", numeric.Reason);
    }

    [Fact]
    public void Pages_without_main_text_are_dropped_as_no_main_content()
    {
        var filter = new HtmlExtractFilter(new HtmlExtractOptions());
        var outcome = filter.Apply(new FilterInput("", "d", new JsonObject { ["html"] = "<html><head><script>app()</script></head><body><div id=\"root\"></div></body></html>" }));
        Assert.Equal("no_main_content", outcome.Reason);
        var small = new HtmlExtractFilter(new HtmlExtractOptions { MinChars = 500 }).Apply(new FilterInput("", "d", new JsonObject { ["html"] = Page }));
        Assert.Equal("no_main_content", small.Reason);
    }
}
