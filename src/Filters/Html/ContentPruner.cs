using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>
/// Removes blocks inside the chosen content that are not prose: link lists and link-heavy blocks (link text
/// above the mode's share of the block's text), tables when tables are excluded, and, outside recall mode,
/// small blocks whose class names metadata (byline, date, tags, share).
/// </summary>
internal sealed class ContentPruner(ModeThresholds t, HtmlExtractorSettings settings, NodeStats stats)
{
    internal void Prune(IElement root)
    {
        var doomed = new List<IElement>();
        Walk(root, 0, doomed);
        foreach (var e in doomed)
            e.Remove();
    }

    private void Walk(IElement e, int depth, List<IElement> doomed)
    {
        for (var child = e.FirstChild; child != null; child = child.NextSibling)
        {
            if (child is not IElement ce) continue;
            // Everything inside a link is link text: link density cannot judge the pieces of one link (ruby
            // glosses, styled spans), and the link as a whole was judged with its block.
            if (ce.LocalName == "a") continue;
            if (RemovalRule(ce) is { } rule)
            {
                HtmlExtractor.Trace?.Invoke($"pruned[{rule}] <{ce.LocalName} {BoilerplatePatterns.ClassAndId(ce)}> |{ce.TextContent}");
                doomed.Add(ce);
                // The title of a removed link list ("Related:", "Mehr zum Thema") goes with it.
                if (ce.PreviousElementSibling is { } title && IsTitleOf(title))
                {
                    HtmlExtractor.Trace?.Invoke($"pruned-title <{title.LocalName}> |{title.TextContent}");
                    doomed.Add(title);
                }
                continue;
            }
            if (depth < HtmlDom.MaxDepth) Walk(ce, depth + 1, doomed);
        }
    }

    private const int MaxTitleChars = 60;
    private const int MaxCaptionChars = 150;

    /// <summary>Headings and title-like blocks (a paragraph, a div or a bold line holding no other block).</summary>
    private static bool IsTitleTag(IElement e)
    {
        string tag = e.LocalName;
        if (HtmlDom.HeadingLevel(tag) > 0) return true;
        if (!IsLineTag(tag)) return false;
        foreach (var c in e.Children)
            if (HtmlDom.IsBlock(c.LocalName)) return false;
        return true;
    }

    /// <summary>A block that is nothing but the title of a see-also, related-articles or author box: what it
    /// introduces was removed as furniture or link list, or is a teaser the title alone gives away.</summary>
    private static bool IsSeeAlsoTitle(IElement e) =>
        BoilerplatePatterns.IsSeeAlsoTitle(string.Join(' ', e.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant());

    private bool IsTitleOf(IElement e)
    {
        var s = stats[e];
        if (s.Text == 0 || s.Text > 60) return false;
        return HtmlDom.HeadingLevel(e.LocalName) > 0 || IsLineTag(e.LocalName) && e.TextContent.TrimEnd().EndsWith(':');
    }

    /// <summary>Tags that write a title when they are not headings: a paragraph, a div or a bold line.</summary>
    private static bool IsLineTag(string tag) => tag is "p" or "div" or "span" or "strong" or "b";

    /// <summary>Why <paramref name="e"/> is removed (table, links, teaser-grid, link-paragraph, figure, see-also-title,
    /// photo-credit, meta), or null to keep it.</summary>
    private string? RemovalRule(IElement e)
    {
        string tag = e.LocalName;
        if (tag == "table" && !settings.IncludeTables) return "table";
        var s = stats[e];
        if (s.Text == 0) return null;
        double ld = (double)s.LinkText / s.Text;
        switch (tag)
        {
            case "ul" or "ol" or "dl" or "div" or "section" or "table" or "header" or "span" or "tr" or "li" or "td":
                if (ld > t.MaxLinkDensity && (s.Paragraphs < 3 || ld > 0.8)) return "links";
                if (t.RemoveMetaBlocks && tag is "div" or "section" or "ul" && TeaserGrid.Is(e, stats)) return "teaser-grid";
                break;
            case "p":
                // A short paragraph that is mostly a link is a cross-reference ("Read also: ...").
                if (ld > t.MaxLinkDensity + 0.15 && s.Text < 250) return "link-paragraph";
                break;
            case "figure" or "figcaption" when t.RemoveMetaBlocks && t.MaxLinkDensity < 0.5:
                return "figure";
        }
        if (t.RemoveMetaBlocks && s.Text <= MaxTitleChars && s.LinkText == 0 && IsTitleTag(e) && IsSeeAlsoTitle(e)) return "see-also-title";
        // A short block with a photo credit is an image caption written outside <figure> (removed with figures).
        if (t.RemoveMetaBlocks && s.Text < MaxCaptionChars && IsTitleTag(e) && BoilerplatePatterns.HasPhotoCredit(e.TextContent.ToLowerInvariant())) return "photo-credit";
        if (t.RemoveMetaBlocks && s.Text < 120 && HtmlDom.IsBlock(tag) || tag is "span" or "time" && t.RemoveMetaBlocks && s.Text < 80)
        {
            string ci = BoilerplatePatterns.ClassAndId(e);
            if (ci.Length > 0 && !BoilerplatePatterns.IsContent(ci) && (BoilerplatePatterns.IsWeak(ci) || BoilerplatePatterns.IsStrong(ci))
                && !FurnitureCleaner.IsContentPart(e, ci, stats)) return "meta";
        }
        return null;
    }
}
