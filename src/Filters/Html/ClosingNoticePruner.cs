using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>
/// Removes calls to action and rights notices that close an article ("Subscribe now to our e-edition", "Follow us on
/// Twitter", "Download our app for iOS and Android", "This article is copyrighted ... reprint"): sites write them as
/// ordinary paragraphs at the end of the body, so neither class names nor link density find them. Only the last
/// <see cref="MaxBlocks"/> text blocks of the content are looked at, and only short ones
/// (under <see cref="MaxChars"/> characters) whose text matches <see cref="BoilerplatePatterns.IsNotice"/>: the same
/// words inside the article's prose are left alone.
/// </summary>
internal static class ClosingNoticePruner
{
    internal const int MaxBlocks = 3;
    internal const int MaxChars = 250;

    internal static void Prune(IReadOnlyList<IElement> roots)
    {
        var blocks = new List<IElement>(MaxBlocks);
        for (int i = roots.Count - 1; i >= 0 && blocks.Count < MaxBlocks; i--)
            CollectLast(roots[i], blocks, 0);
        foreach (var b in blocks)
        {
            string text = b.TextContent;
            if (NodeStats.Count(text).Chars >= MaxChars) continue;
            if (!BoilerplatePatterns.IsNotice(text.ToLowerInvariant())) continue;
            HtmlExtractor.Trace?.Invoke($"closing notice <{b.LocalName}>: {text.Trim()}");
            b.Remove();
        }
    }

    /// <summary>Adds the innermost blocks holding text, last first, until <see cref="MaxBlocks"/> are found.</summary>
    private static void CollectLast(IElement e, List<IElement> blocks, int depth)
    {
        bool hasBlockChild = false;
        if (depth < HtmlDom.MaxDepth)
        {
            for (var c = e.LastElementChild; c != null; c = c.PreviousElementSibling)
            {
                if (!HtmlDom.IsBlock(c.LocalName)) continue;
                hasBlockChild = true;
                if (blocks.Count >= MaxBlocks) return;
                CollectLast(c, blocks, depth + 1);
            }
        }
        if (!hasBlockChild && blocks.Count < MaxBlocks && e.TextContent.AsSpan().Trim().Length > 0)
            blocks.Add(e);
    }
}
