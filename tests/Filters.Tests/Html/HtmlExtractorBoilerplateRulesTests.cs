using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>
/// Rules against boilerplate that leaked into the content on trafilatura's evaluation set (calls to action and
/// notices written as ordinary paragraphs, furniture named in words the vocabulary lacked), each tested on small
/// hand-written markup of the pattern. Each test fails with its rule removed.
/// </summary>
public class HtmlExtractorBoilerplateRulesTests
{
    private static string Extract(string html) => new HtmlExtractor().Extract(html).Text;

    private const string P1 = "The city council voted on Tuesday to expand the bus network to the northern districts, a plan that had been debated for almost three years and that residents had long asked for.";
    private const string P2 = "According to the transport department, the new lines will start running in the spring, with buses every ten minutes during rush hour and every twenty minutes in the evening.";
    private const string P3 = "Opposition members criticised the cost of the project, which they said could have been covered by raising fares instead, but the measure passed with a clear majority of the votes.";

    private static string Page(string body) => $"""
        <html lang="en"><head><title>Council expands bus network</title></head><body>
        <header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
        <article><h1>Council expands bus network</h1><div class="entry-content">{body}</div></article>
        <footer><p>Contact · Imprint</p></footer></body></html>
        """;

    [Fact]
    public void Calls_to_action_closing_the_article_are_removed()
    {
        const string subscribe = "Subscribe now to our digital edition to read every story from the print newspaper.";
        const string app = "For the latest news and updates, download our apps for iOS and Android today.";
        string text = Extract(Page($"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p><em>{subscribe}</em></p><p><strong>{app}</strong></p>"));
        Assert.Contains(P3, text);
        Assert.DoesNotContain("Subscribe now", text);
        Assert.DoesNotContain("download our apps", text);
    }

    [Theory]
    [InlineData("This post reflects the opinion of its author and not necessarily the views of the editorial team.")]
    [InlineData("Sofern nicht anders ausgewiesen, stehen die Inhalte dieser Website unter einer freien Lizenz.")]
    [InlineData("Links marked with a star are affiliate links: we earn a small share when you buy through them.")]
    public void Disclaimers_closing_the_article_are_removed(string disclaimer)
    {
        string text = Extract(Page($"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p><em>{disclaimer}</em></p>"));
        Assert.Contains(P3, text);
        Assert.DoesNotContain(disclaimer, text);
    }

    [Fact]
    public void Notice_words_inside_the_articles_prose_are_kept()
    {
        const string middle = "The council will also send a newsletter to every household, and residents can follow the progress of the works online.";
        string text = Extract(Page($"<p>{P1}</p><p>{middle}</p><p>{P2}</p><p>{P3}</p><p>{P1}</p>"));
        Assert.Contains(middle, text);
    }

    [Theory]
    [InlineData("kommentarModul", "Sie sind aktuell nicht eingeloggt. Bitte melden Sie sich an, um einen Kommentar zu schreiben.")]
    [InlineData("affiliate-text", "We earn a commission when you buy through the links on this page, at no extra cost to you.")]
    [InlineData("appstores", "Read the whole magazine on your phone: our edition for iPhone, iPad and Android tablets.")]
    [InlineData("TestReport__AuthorBox", "Jane Doe is head of the transport desk and has written about city planning for ten years.")]
    [InlineData("imagedescription", "The new bus depot in the northern district, photographed from the roof of the town hall.")]
    [InlineData("postmetadata", "This entry was posted on Wednesday, 27 November 2019 at 15:21 and filed under News and Transport.")]
    [InlineData("legend", "The new bus depot in the northern district, photographed from the roof of the town hall.")]
    public void Furniture_named_by_common_class_words_is_removed(string className, string furniture)
    {
        string text = Extract(Page($"<p>{P1}</p><p>{P2}</p><div class=\"{className}\"><p>{furniture}</p></div><p>{P3}</p><p>{P1}</p>"));
        Assert.Contains(P3, text);
        Assert.DoesNotContain(furniture, text);
    }

    private static string Card(int i) =>
        $"<div class=\"card\"><h3 class=\"card-title\">Housing story number {i}</h3><p class=\"card-text\">A short excerpt of another story from the archive, cut off after a line or two of text …</p><a href=\"/story/{i}\">Read more</a></div>";

    [Fact]
    public void A_grid_of_teaser_cards_inside_the_content_is_removed()
    {
        string grid = $"<div class=\"section-sub\"><h2>More on this topic</h2><div class=\"grid\">{Card(1)}{Card(2)}{Card(3)}</div></div>";
        string text = Extract(Page($"<p>{P1}</p><p>{P2}</p>{grid}<p>{P3}</p><p>{P1}</p>"));
        Assert.Contains(P3, text);
        Assert.DoesNotContain("More on this topic", text);
        Assert.DoesNotContain("Housing story number", text);
        Assert.DoesNotContain("short excerpt", text);
    }

    [Fact]
    public void Article_sections_with_headings_and_links_are_not_teaser_cards()
    {
        string Section(int i) => $"<div class=\"section\"><h3>Stage {i} of the plan</h3><p>{P2} The <a href=\"/plan/{i}\">full plan</a> is online.</p><p>{P3}</p></div>";
        string text = Extract(Page($"<p>{P1}</p><div class=\"sections\">{Section(1)}{Section(2)}{Section(3)}</div>"));
        Assert.Contains("Stage 2 of the plan", text);
    }

    [Theory]
    [InlineData("<h6>See also</h6>")]
    [InlineData("<h2>Mehr zum Thema</h2>")]
    [InlineData("<p><strong>Das könnte dich auch interessieren:</strong></p>")]
    [InlineData("<div>About the author</div>")]
    public void Titles_of_see_also_and_author_boxes_are_removed(string title)
    {
        // The box's teasers are partly linked, too little for link density to remove them with their title.
        string box = $"<div class=\"articlebox\"><div class=\"text\">{title}<p><a href=\"/a\">Basic income</a> Money from the state for everyone? A debate in two parts</p><p><a href=\"/b\">Pilot project</a> How a town tested paying every resident a fixed monthly sum</p></div></div>";
        string text = Extract(Page($"<p>{P1}</p><p>{P2}</p>{box}<p>{P3}</p><p>{P1}</p>"));
        string titleText = System.Text.RegularExpressions.Regex.Replace(title, "<[^>]+>", "");
        Assert.Contains(P3, text);
        Assert.DoesNotContain(titleText, text);
    }

    [Theory]
    [InlineData("The new bus depot seen from the roof of the town hall. (Photo: Getty Images)")]
    [InlineData("Der neue Busbahnhof, vom Dach des Rathauses aus gesehen. Foto: Stadtverwaltung")]
    public void Short_blocks_with_a_photo_credit_are_captions(string caption)
    {
        string text = Extract(Page($"<p>{P1}</p><p>{P2}</p><p><small>{caption}</small></p><p>{P3}</p><p>{P1}</p>"));
        Assert.Contains(P3, text);
        Assert.DoesNotContain(caption, text);
    }
}
