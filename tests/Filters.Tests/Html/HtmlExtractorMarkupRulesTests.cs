using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>
/// Rules found on the misses of trafilatura's evaluation set, each tested on the markup pattern of the real page
/// that showed it (the pages themselves are third-party and stay out of git): NHK News Web Easy's glossary links
/// around ruby text, an rnz.de story whose microdata article body sits inside an unclosed aside, and kochbar.de
/// recipe steps in blocks named for printing. Each test fails with its rule removed.
/// </summary>
public class HtmlExtractorMarkupRulesTests
{
    private static string Extract(string html) => new HtmlExtractor().Extract(html).Text;

    private static string Gloss(string word, string reading) =>
        $"<a href='javascript:void(0)' class='dicWin'><ruby><span class=\"under\">{word}</span><rt>{reading}</rt></ruby></a>";

    [Fact]
    public void Text_inside_inline_links_is_kept_whole_ruby_glossary_links()
    {
        string p1 = $"<p><ruby>子<rt>こ</rt></ruby>どもへの{Gloss("虐待", "ぎゃくたい")}をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができて、{Gloss("親", "おや")}が<ruby>子<rt>こ</rt></ruby>どもを<ruby>教育<rt>きょういく</rt></ruby>するために、たたいたり蹴ったりする{Gloss("体罰", "たいばつ")}を禁止することになりました。</p>";
        string p2 = $"<p><ruby>最近<rt>さいきん</rt></ruby>、{Gloss("親", "おや")}に{Gloss("虐待", "ぎゃくたい")}された<ruby>子<rt>こ</rt></ruby>どもを児童相談所が守ることができなくて、<ruby>子<rt>こ</rt></ruby>どもが亡くなる事件が続いています。このため、法律では児童相談所の力を強くしました。医者や弁護士が児童相談所で意見を言ったり相談を聞いたりするようにしました。</p>";
        string p3 = $"<p><ruby>法律<rt>ほうりつ</rt></ruby>では{Gloss("虐待", "ぎゃくたい")}をした{Gloss("親", "おや")}に専門家が子どもの育て方を教えたり、子どもを守る仕事をする専門の人を増やしたりすることも決まりました。日本に前からある法律では、{Gloss("親", "おや")}には子どもを叱る権利があると決めています。</p>";
        string html = $"""
            <html lang="ja"><head><title>子どもへの体罰を禁止する法律ができる | NEWS WEB EASY</title></head><body>
            <header><nav><a href="/">NEWS WEB EASY</a> <a href="/list">ニュース一覧</a></nav></header>
            <main><article class="article-main"><h1 class="article-main__title">子どもへの体罰を禁止する法律ができる</h1>
            <div class="article-main__body article-body" id="js-article-body">{p1}{p2}{p3}</div></article></main>
            <footer><p>NHK（日本放送協会） 許可なく転載することを禁じます。</p></footer></body></html>
            """;
        string text = Extract(html);
        Assert.Contains("子どもへの虐待をなくすための法律ができて、親が子どもを教育するために", text);
        Assert.Contains("法律では虐待をした親に専門家が子どもの育て方を", text);
        Assert.DoesNotContain("ぎゃくたい", text);
    }

    [Fact]
    public void A_microdata_article_body_inside_an_aside_is_kept()
    {
        const string story = "Frankfurt/Main (dpa) - Für einen Roman über die alte Bundesrepublik hat Frank Witzel den Deutschen Buchpreis 2015 erhalten. Der Schriftsteller wurde am Montagabend in Frankfurt für sein Werk über die Gesellschaft der siebziger Jahre ausgezeichnet. Der Preis gilt als wichtigste Auszeichnung der Branche.";
        var menu = string.Concat(Enumerable.Range(1, 60).Select(i => $"<li><a href=\"/region/{i}\">Nachrichten aus der Region Nummer {i}</a></li>"));
        // The story's page leaves an <aside> of teasers unclosed, so the parser puts the whole story inside it.
        string html = $"""
            <html lang="de"><head><title>Frank Witzel erhält Deutschen Buchpreis 2015 - Nachrichten</title></head><body class="nfy">
            <div class="nfy-outer"><header class="nfy-head"><ul class="nfy-menu">{menu}</ul></header>
            <main class="nfy-content"><aside class="nfy-pa nfy-pa-direct-content"><ul><li><a href="/abo">Jetzt abonnieren</a></li></ul>
            <section class="nfy-ar nfy-ar-detail"><h1 itemprop="headline">Frank Witzel erhält Deutschen Buchpreis 2015</h1>
            <article class="cf"><div class="nfy-ar-text-detail cf" itemprop="articleBody"><p>{story}</p></div></article></section>
            </main><footer class="nfy-footer"><p>Impressum · Datenschutz · Kontakt</p></footer></div></body></html>
            """;
        string text = Extract(html);
        Assert.Contains(story, text);
        Assert.DoesNotContain("Nachrichten aus der Region", text);
    }

    [Fact]
    public void Blocks_named_for_printing_are_content_recipe_steps()
    {
        string[] steps =
        [
            "Die Tomaten waschen und trocken tupfen. Mit einem scharfen Messer den Strunk keilförmig herausschneiden, denn er ist hart und schmeckt bitter.",
            "Die Tomaten halbieren und mit der Schnittfläche nach unten auf das Brett legen, so rutschen sie beim Schneiden nicht weg und bleiben in Form.",
            "Nun die Hälften in gleichmäßige Scheiben oder Spalten schneiden. Die Kerne haften am Fruchtfleisch und können nicht herausfallen.",
        ];
        // The intro alone is long enough to be the content, so losing the steps does not fall back to the whole page.
        const string intro = "Ihr kennt es sicher auch! Beim Schneiden von Tomaten läuft der Saft über das ganze Brett, die Kerne rutschen heraus und am Ende liegt statt schöner Scheiben nur ein matschiger Haufen auf dem Teller. Mit ein paar einfachen Handgriffen gelingt das Schneiden aber ganz leicht, und die Tomaten sehen im Salat oder auf dem Brot viel appetitlicher aus.";
        var blocks = string.Concat(steps.Select((s, i) => $"<div class=\"kb-tip-print-step\"><div class=\"kb-tip-step-number\">Schritt {i + 1}</div><div class=\"kb-tip-step-text\">{s}</div></div>"));
        string html = $"""
            <html lang="de"><head><title>Tomaten richtig schneiden | kochbar.de</title></head><body>
            <header><nav><a href="/">kochbar</a> <a href="/rezepte">Rezepte</a> <a href="/tipps">Tipps</a></nav></header>
            <div class="kb-content"><h1>Tomaten richtig schneiden</h1><div class="kb-tip-main"><p>{intro}</p>{blocks}</div></div>
            <footer><p>© kochbar.de · Impressum · Datenschutz</p></footer></body></html>
            """;
        string text = Extract(html);
        foreach (var step in steps) Assert.Contains(step, text);
    }
}
