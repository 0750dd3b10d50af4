using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>
/// Recognises a grid of teaser cards ("Mehr zum Thema", "Related posts", "Zum Weiterlesen"): a block with at least
/// <see cref="MinCards"/> children built from one template (same tag and class), each a short card (under
/// <see cref="MaxCardChars"/> characters, at most one paragraph) holding a heading and a link. Card text is often an
/// unlinked excerpt, so link density misses such grids; an article's own sections are longer, have several
/// paragraphs and seldom link from every one of them.
/// </summary>
internal static class TeaserGrid
{
    internal const int MinCards = 3;
    internal const int MaxCardChars = 350;

    internal static bool Is(IElement e, NodeStats stats)
    {
        int total = stats[e].Text;
        if (total == 0 || total > MinCards * MaxCardChars * 4 || e.ChildElementCount < MinCards) return false;
        // The most frequent child template and the text it holds.
        var counts = new Dictionary<(string, string), (int Count, int Text)>();
        foreach (var c in e.Children)
        {
            var key = (c.LocalName, c.GetAttribute("class") ?? "");
            counts.TryGetValue(key, out var v);
            counts[key] = (v.Count + 1, v.Text + stats[c].Text);
        }
        foreach (var (key, v) in counts)
        {
            if (v.Count < MinCards || v.Text * 10 < total * 8) continue;
            foreach (var c in e.Children)
            {
                if (c.LocalName != key.Item1 || (c.GetAttribute("class") ?? "") != key.Item2) continue;
                if (stats[c].Text > MaxCardChars || stats[c].Paragraphs > 1 || !IsCard(c)) return false;
            }
            return true;
        }
        return false;
    }

    private static bool IsCard(IElement card)
    {
        bool heading = false, link = false;
        foreach (var d in card.Descendants<IElement>())
        {
            if (HtmlDom.HeadingLevel(d.LocalName) > 0 && d.TextContent.AsSpan().Trim().Length > 0) heading = true;
            else if (d.LocalName == "a" && d.HasAttribute("href")) link = true;
            if (heading && link) return true;
        }
        return false;
    }
}
