using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>
/// Class/id/role vocabularies that mark page furniture (navigation, banners, share bars, comments ...) and
/// main-content containers. Matched against the lower-cased <c>class</c> and <c>id</c> of an element, where
/// short words must stand alone (between start/end, space, <c>-</c> or <c>_</c>) and long ones may be part of a word.
/// </summary>
internal static partial class BoilerplatePatterns
{
    // Furniture whose presence alone is enough: never main text, whatever its size.
    [GeneratedRegex(@"cookie|consent|gdpr|share|sharing|social|comment|kommentar|disqus|related|recommend|affiliate|app-?stores?|breadcrumb|newsletter|subscri|advert|sponsor|popup|modal|paywall|signup|sign-up|login|(^|[\s_-])(ad|ads|adv|dfp|outbrain|taboola|promo|donate|skip|toolbar|jump)([\s_-]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex StrongRegex();

    // Furniture that page-wide wrappers also carry (body.has-sidebar): only removed when the element is not
    // most of the page. "pager" must end its word ("apageroot" is not a pager).
    [GeneratedRegex(@"sidebar|footer|masthead|(^|\s)widget([\s_-]|$)|navbar|navigation|menu|banner|pagination|pager(?![a-z])|tagcloud|authorbox|author-box|author-bio|about-author|about-the-author|(img|image|photo|bild)[-_]?(desc|description|meta|metadata|legend|unterschrift)|imagedescription|tag-list|taglist|(^|[\s_-])(nav|aside|foot|header|topbar|tags|tag|categories|toc|author|byline|meta|metadata|postmeta|postmetadata|entry-meta|post-meta|dateline|date|rating|caption|legend|credit|credits|copyright|disclosure|disclaimer|next|prev|previous|nextstory|next-post|more-stories|read-more|readmore|search|tools|utility|utilities|sr-only|visually-hidden|screen-reader-text)([\s_-]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex WeakRegex();

    // "header" or "meta" qualified by something other than the page or the document (table-header, recipe-header,
    // card-header, recipe-meta, event-meta): the head or the data of a content part, not the page's header or the
    // article's byline.
    [GeneratedRegex(@"(?<=^|\s)[a-z0-9_-]*[a-z0-9](?<!(site|global|main|top|page|article|entry|post|story|single|content|detail|news|blog))[_-]+(header|meta)[a-z0-9_-]*(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PartNameRegex();

    // Modifiers: a BEM modifier ("section--ads", "teaser--has-sharing") or a state prefix ("has-ads", "non-paywall")
    // says what an element holds or how it looks, not what it is, and a script hook ("js-", "js_readmore") says what a
    // script does with it; Drupal's "--type-"/"--name-" modifiers do name it
    // ("paragraph--type--recommended-articles") and stay.
    [GeneratedRegex(@"(?<=^|\s)(?<base>[a-z0-9_]+(-[a-z0-9_]+)*?)--(?!type|name)[a-z0-9_-]*|(?<=^|\s)(has|with|non|no|not|is)-[a-z0-9_-]*|(?<=^|\s)js[_-][a-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex ModifierRegex();

    // Words of comment sections, kept apart so include_comments can spare them.
    [GeneratedRegex(@"comment|kommentar|disqus|respond|replies", RegexOptions.CultureInvariant)]
    private static partial Regex CommentRegex();

    // Containers that name themselves the body of an article or post.
    [GeneratedRegex(@"articlebody|article-body|article_body|article__body|article-content|article_content|articlecontent|article-text|articletext|entry-content|entry_content|entrycontent|entry-body|post-content|post_content|postcontent|post-body|postbody|post-entry|post-text|story-body|storybody|story-content|story-text|blog-post-body|blogpost-body|news-text|newstext|content-body|body-text|bodytext|rich-text|richtext|text-content|main-text|maintext|field-name-body|field--name-body|td-post-content|page-content|single-content|single-post|article-main|post-article|(^|[\s_-])(prose|hentry|h-entry|e-content|entry|story|article|post)([\s_-]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ContentRegex();

    // Blocks that name themselves the lead of an article (intro, standfirst, teaser, abstract, subheadline).
    [GeneratedRegex(@"(^|[\s_-])(intro|lead|lede|leadin|standfirst|teaser|abstract|summary|subtitle|subheadline|subhead|deck|dek|excerpt)([\s_-]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadRegex();

    // Weaker hints used only to weight candidate scores.
    [GeneratedRegex(@"article|body|content|entry|main|page|post|text|blog|story|column", RegexOptions.CultureInvariant)]
    private static partial Regex PositiveHintRegex();

    // Calls to action and notices that sites append to their articles: subscribe, follow us, get the app, share this
    // article, copyright, reprint and licence terms, opinion and affiliate-link disclaimers (English, German, Spanish,
    // Polish). Matched against the
    // lower-cased text of a short closing block, never against prose in the middle of the content.
    [GeneratedRegex(@"subscri|abonnier|suscri|subskryp|newsletter|follow (us|the|@)|folgt? (uns|mir)\b|s[ií]guenos|\bapps? (for|für|para) |download (the|our)|copyright|rights reserved|rechte vorbehalten|written permission|reprint|(artikel|beitrag|article|post) (teilen|share)|share this|canal de (youtube|telegram)|meinung des autors|nicht notwendigerweise|not necessarily (reflect|those|the)|does not necessarily|sofern nicht anders|affiliate[- ]?link|partner[- ]?link|ohne gewähr", RegexOptions.CultureInvariant)]
    private static partial Regex NoticeRegex();

    // Social networks, apps, subscriptions and copyright lines, in the languages of the web's big sites, and the
    // post footers of blog engines ("Posted in", "Filed under", "Permalink", "verschlagwortet mit"): the edge
    // trimmer's test of a trailing text line. NoticeRegex, the closing-block test, overlaps it but differs in words
    // (this one takes any network's name and a bare ©, that one disclaimers and "follow us" phrases); each was
    // measured with its own step, so they are kept apart.
    [GeneratedRegex(@"facebook|twitter|instagram|telegram|whatsapp|youtube|linkedin|newsletter|subscri|suscri|abonn|©|copyright|\bapps?\b|permalink|filed under|posted in|tagged with|abgelegt unter|verschlagwortet", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingCallToActionRegex();

    // Whole titles of see-also boxes, related-article lists and author boxes ("Mehr zum Thema", "Related posts",
    // "Das könnte dich auch interessieren:", "About the author"), matched against a block's entire lower-cased text.
    [GeneratedRegex(@"^(mehr zu(m|r)? .{1,40}|weitere (artikel|beiträge|informationen)( zu(m|r)? .{1,40})?|(zum )?weiterlesen|related( posts| articles| stories| recipes)?|see also|read (more|also)|more (on|from) .{1,40}|lesen sie (auch|mehr)|(das|diese) (thema |artikel |beiträge )?(könnte|könnten) (dich|dir|sie|euch) auch (interessieren|gefallen)|you (may|might) also (like|enjoy)|über (den|die) autor(in)?|about the author)\s*:?$", RegexOptions.CultureInvariant)]
    private static partial Regex SeeAlsoTitleRegex();

    // Photo credits that mark a short block as an image caption ("(Foto: Getty)", "Augusta National/Getty Images",
    // "Foto: Andina"). A bare © is not one: copyright lines are not captions.
    [GeneratedRegex(@"getty ?images|\((foto|photo|bild)s?:|\b(foto|photo|bild)s?: |photo credit|bildquelle|istock|shutterstock|imago", RegexOptions.CultureInvariant)]
    private static partial Regex PhotoCreditRegex();

    /// <summary>The lower-cased class and id of <paramref name="e"/>. A heading's id of three or more words is left
    /// out: it is an anchor made from the heading's own words ("what-are-you-looking-forward-to-next"), not a role
    /// (a one-word id such as "postcomment" still counts).</summary>
    internal static string ClassAndId(IElement e)
    {
        string? c = e.GetAttribute("class");
        string? id = e.GetAttribute("id");
        if (id != null && HtmlDom.HeadingLevel(e.LocalName) > 0 && IsTextAnchor(id)) id = null;
        if (string.IsNullOrEmpty(c)) return string.IsNullOrEmpty(id) ? "" : id.ToLowerInvariant();
        return string.IsNullOrEmpty(id) ? c.ToLowerInvariant() : (c + " " + id).ToLowerInvariant();
    }

    private static bool IsTextAnchor(string id)
    {
        int words = 0;
        foreach (var part in id.Split('-', '_'))
            if (part.Length > 0) words++;
        return words >= 3;
    }

    internal static bool IsStrong(string classAndId) => classAndId.Length > 0 && ClassWordCache.Get(classAndId, ClassWord.Strong, static s => StrongRegex().IsMatch(WithoutModifiers(s)));

    internal static bool IsWeak(string classAndId) => classAndId.Length > 0 && ClassWordCache.Get(classAndId, ClassWord.Weak, static s => WeakRegex().IsMatch(WithoutModifiers(s)));

    /// <summary>The class and id without modifier names, which never make an element furniture.</summary>
    private static string WithoutModifiers(string classAndId) => HasModifier(classAndId) ? ModifierRegex().Replace(classAndId, "${base}") : classAndId;

    // A cheap scan before the regex: most class names have no modifier.
    private static bool HasModifier(string classAndId)
    {
        if (classAndId.Contains("--", StringComparison.Ordinal)) return true;
        for (int i = 0; i < classAndId.Length; i++)
        {
            if (i > 0 && classAndId[i - 1] != ' ') continue;
            var rest = classAndId.AsSpan(i);
            if (rest.StartsWith("js-") || rest.StartsWith("js_") || rest.StartsWith("is-") || rest.StartsWith("no-") || rest.StartsWith("has-")
                || rest.StartsWith("non-") || rest.StartsWith("not-") || rest.StartsWith("with-")) return true;
        }
        return false;
    }

    /// <summary>Whether the only furniture word of <paramref name="classAndId"/> is a part's header or metadata
    /// ("table-header", "recipe-header", "recipe-meta"): a content part, which names content when it holds prose.</summary>
    internal static bool IsOnlyPartName(string classAndId) =>
        PartNameRegex().IsMatch(classAndId) && !IsWeak(PartNameRegex().Replace(classAndId, " ")) && !IsStrong(classAndId);

    internal static bool IsComment(string classAndId) => classAndId.Length > 0 && ClassWordCache.Get(classAndId, ClassWord.Comment, static s => CommentRegex().IsMatch(s));

    internal static bool IsContent(string classAndId) => classAndId.Length > 0 && ClassWordCache.Get(classAndId, ClassWord.Content, static s => ContentRegex().IsMatch(s));

    internal static bool IsLead(string classAndId) => classAndId.Length > 0 && ClassWordCache.Get(classAndId, ClassWord.Lead, static s => LeadRegex().IsMatch(s));

    internal static bool IsPositiveHint(string classAndId) => classAndId.Length > 0 && ClassWordCache.Get(classAndId, ClassWord.PositiveHint, static s => PositiveHintRegex().IsMatch(s));

    /// <summary>Whether a (lower-cased) closing block reads as a call to action or a rights notice.</summary>
    internal static bool IsNotice(string lowerText) => NoticeRegex().IsMatch(lowerText);

    /// <summary>Whether a trailing line of the content (any case) names a social network, app, newsletter, subscription
    /// or copyright, or is a blog engine's post footer.</summary>
    internal static bool IsTrailingCallToAction(string line) => TrailingCallToActionRegex().IsMatch(line);

    /// <summary>Whether a block's whole (trimmed, lower-cased, whitespace-collapsed) text is the title of a see-also
    /// or author box.</summary>
    internal static bool IsSeeAlsoTitle(string lowerText) => SeeAlsoTitleRegex().IsMatch(lowerText);

    /// <summary>Whether a short block's (lower-cased) text carries a photo credit.</summary>
    internal static bool HasPhotoCredit(string lowerText) => PhotoCreditRegex().IsMatch(lowerText);

    /// <summary>Roles of page furniture in ARIA.</summary>
    internal static bool IsFurnitureRole(string? role) => role is "navigation" or "banner" or "contentinfo" or "complementary" or "search" or "menu" or "menubar" or "dialog" or "alertdialog" or "toolbar";
}
