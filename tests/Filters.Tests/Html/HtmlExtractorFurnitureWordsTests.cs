using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>
/// How class and id words decide furniture: rules found on content that the furniture cleaner removed on
/// trafilatura's evaluation set, each tested on small hand-written markup of the pattern. Each test fails with
/// its rule removed.
/// </summary>
public class HtmlExtractorFurnitureWordsTests
{
    private static string Extract(string html) => new HtmlExtractor().Extract(html).Text;

    private const string Intro = "Dieser Kuchen gelingt auch Anfängern ohne Mühe, denn der Mürbeteig wird nur kurz geknetet und muss nicht lange ruhen. Die Mandarinen bringen Frische in die Creme, und am nächsten Tag schmeckt er sogar noch besser als frisch aus dem Ofen.";
    private const string Method = "Für den Teig das Mehl mit der Butter, dem Zucker und dem Ei zu einem glatten Teig verkneten und in die gefettete Form drücken. Die Creme darauf verteilen und den Kuchen etwa eine Stunde backen, dann vollständig auskühlen lassen.";

    [Fact]
    public void Header_qualified_by_a_content_part_is_content_ingredients_table_header()
    {
        string html = $"""
            <html><head><title>Mandarinenkuchen</title></head><body>
            <div class="site-header"><a href="/">Kochportal</a> Das Magazin für Genießer</div>
            <div class="recipe"><h1>Mandarinenkuchen</h1><p>{Intro}</p>
            <table class="ingredients table-header"><tr><td>250 g</td><td>Mehl</td></tr><tr><td>125 g</td><td>Margarine oder Butter</td></tr><tr><td>1</td><td>Ei</td></tr></table>
            <p>{Method}</p></div>
            <div class="footer"><p>Impressum · Datenschutz</p></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains("Margarine oder Butter", text);
        Assert.Contains(Method, text);
        Assert.DoesNotContain("Das Magazin für Genießer", text);
    }

    [Fact]
    public void Header_of_a_content_part_holding_prose_is_content()
    {
        const string lead = "Wie hoch die Zinsen für einen Privatkredit ausfallen, hängt vom Betrag, der Laufzeit und der Bonität ab. Hier erfahren Sie, welche Faktoren zählen und wie die Berechnung Ihrer Zinsen erfolgt.";
        string html = $"""
            <html><head><title>Privatkredit</title></head><body>
            <article class="ratgeber"><div class="ratgeber-header-module"><h1>Zinsen für den Privatkredit</h1><p>{lead}</p></div>
            <div class="ratgeber-text"><p>{Intro}</p><p>{Method}</p></div></article></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(lead, text);
        Assert.Contains(Method, text);
    }

    [Fact]
    public void Header_of_the_site_is_still_furniture()
    {
        // The page has no prose container of its own: the whole cleaned body is the content.
        string html = $"""
            <html><head><title>Mandarinenkuchen</title></head><body>
            <div id="header">Kochportal – Das Magazin für Genießer seit 1999</div>
            <div class="site-header main-bar">Rezepte der Woche und Neuheiten aus der Redaktion</div>
            <p>{Intro}</p><p>{Method}</p></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(Method, text);
        Assert.DoesNotContain("Das Magazin für Genießer", text);
        Assert.DoesNotContain("Neuheiten aus der Redaktion", text);
    }

    [Fact]
    public void Modifier_names_do_not_make_furniture_section_has_ads()
    {
        const string verdict = "Im Test überzeugte der Grill mit gleichmäßiger Hitze auf der ganzen Fläche. Nur in der Mitte wird es sehr heiß, dort gelingen Steaks mit kräftiger Kruste, am Rand bleibt Gemüse saftig.";
        const string paywalled = "Gesine aus Tübingen läuft die Zeit davon. Die 18-Jährige hat sich an der Uni für ein Jurastudium eingeschrieben, doch ein Zimmer hat sie noch immer nicht gefunden, obwohl sie seit Wochen sucht.";
        string html = $"""
            <html><head><title>Testbericht</title></head><body>
            <div class="report"><h1>Testbericht</h1><p>{Intro}</p>
            <section class="report__section report__section--has-ads"><h2>Fazit</h2><p>{verdict}</p></section>
            <section class="row non-paywall"><p>{paywalled}</p></section>
            <p>{Method}</p><div class="report__ad"><p>Anzeige: Jetzt den Grill im Shop bestellen und sparen</p></div></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(verdict, text);
        Assert.Contains(paywalled, text);
        Assert.DoesNotContain("Anzeige", text);
    }

    [Fact]
    public void Drupal_type_modifiers_still_name_furniture()
    {
        string html = $"""
            <html><head><title>Artikel</title></head><body><article class="node node--type-article">
            <div class="paragraph paragraph--type--text"><p>{Intro}</p><p>{Method}</p></div>
            <div class="paragraph paragraph--type--recommended-articles"><p>Weitere Artikel: Die besten Rezepte für den Herbst und den Winter</p></div>
            </article></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(Method, text);
        Assert.DoesNotContain("Weitere Artikel", text);
    }

    [Fact]
    public void Heading_ids_made_of_the_heading_words_are_not_roles()
    {
        string html = $"""
            <html><head><title>Rückblick</title></head><body><div class="story">
            <p>{Intro}</p><h2 id="what-are-you-looking-forward-to-next">What are you looking forward to next?</h2><p>{Method}</p>
            <h3 class="subheading" id="nav_nur_die_folie__1">Nur die Folie bleibt zurück</h3><p>{Intro}</p>
            <h2 id="postcomment">Schreiben Sie einen Kommentar</h2></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains("What are you looking forward to next?", text);
        Assert.Contains("Nur die Folie bleibt zurück", text);
        Assert.DoesNotContain("Schreiben Sie einen Kommentar", text);
    }

    [Fact]
    public void Long_furniture_words_must_end_their_word_pager_inside_apageroot()
    {
        const string section = "Seit diesem Jahr verzichten wir auf gedruckte Lieferscheine. Der Wegfall des Lieferscheins und der Rechnung auf Papier spart jedes Jahr mehrere Tonnen Papier ein.";
        string html = $"""
            <html><head><title>Nachhaltigkeit</title></head><body><div class="apageroot">
            <p>{Intro}</p><section class="apageroot__sectionwrapper"><p>{section}</p></section><p>{Method}</p>
            <div class="pager"><a href="?p=1">1</a> <a href="?p=2">2</a> Seite weiter zur nächsten Übersicht</div></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(section, text);
        Assert.DoesNotContain("Seite weiter", text);
    }

    [Fact]
    public void Script_hook_classes_are_not_furniture_words_js_readmore()
    {
        const string description = "Das idyllische Dorf liegt auf einer Anhöhe mitten im Wald. Von der Terrasse des Hauses blickt man weit über die Hügel, und im Sommer lädt der Garten zum Grillen ein.";
        string html = $"""
            <html><head><title>Ferienhaus</title></head><body><div class="presentation">
            <p class="presentation-text js_readmore">{description}</p><p>{Intro}</p><p>{Method}</p>
            <div class="readmore-button">Mehr lesen</div></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(description, text);
        Assert.DoesNotContain("Mehr lesen", text);
    }

    [Fact]
    public void Metadata_of_a_content_part_holding_prose_is_content_event_meta()
    {
        const string venue = "Veranstaltungsort: Alte Wehranlage, Görlitzer Str. 45, Eingang über den Burghof";
        string html = $"""
            <html><head><title>Konzert</title></head><body><div class="event">
            <div class="post-meta">Von Redaktion am 3. Mai</div><p>{Intro}</p>
            <div class="events-event-meta"><p>{venue}</p></div><p>{Method}</p></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(venue, text);
        Assert.DoesNotContain("Von Redaktion", text);
    }
}
