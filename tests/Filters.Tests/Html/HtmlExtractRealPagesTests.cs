using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>The extractor on the real HTML responses of the bundled WARC samples.</summary>
public class HtmlExtractRealPagesTests
{
    private static readonly IReadOnlyList<(string Url, string Html)> Pages = WarcSamplePages.Load();

    private static long KeptChars(ExtractionMode mode) =>
        Pages.Sum(p => (long)new HtmlExtractor(new HtmlExtractorSettings { Mode = mode }).Extract(p.Html).Text.Length);

    [Fact]
    public void Samples_hold_real_html_pages()
    {
        Assert.True(Pages.Count >= 30, $"expected the ~37 HTML responses, found {Pages.Count}");
    }

    [Fact]
    public void Modes_keep_recall_at_least_balanced_at_least_precision()
    {
        long precision = KeptChars(ExtractionMode.Precision), balanced = KeptChars(ExtractionMode.Balanced), recall = KeptChars(ExtractionMode.Recall);
        Assert.True(recall >= balanced && balanced >= precision, $"kept characters: recall {recall}, balanced {balanced}, precision {precision}");
        Assert.True(recall > precision, "the modes must differ on real pages");
    }

    [Fact]
    public void Extraction_keeps_much_less_than_all_visible_text_and_finds_content_on_most_pages()
    {
        var extractor = new HtmlExtractor();
        int withContent = 0;
        long extracted = 0, all = 0;
        foreach (var (_, html) in Pages)
        {
            string text = extractor.Extract(html).Text;
            if (text.Length >= 200) withContent++;
            extracted += text.Length;
            var doc = extractor.Parse(html);
            foreach (var junk in doc.QuerySelectorAll("script, style, noscript, template")) junk.Remove();
            all += (doc.Body?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Sum(w => w.Length + 1);
        }
        Assert.True(withContent * 10 >= Pages.Count * 7, $"{withContent} of {Pages.Count} pages gave 200+ characters");
        Assert.True(extracted * 10 < all * 8, $"extracted {extracted} of {all} visible characters: boilerplate is not being removed");
    }
}
