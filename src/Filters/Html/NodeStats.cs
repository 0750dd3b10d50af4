using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>Text measures of every element of a (cleaned) document, computed in one bottom-up pass.</summary>
internal sealed class NodeStats
{
    private readonly Dictionary<IElement, Entry> _entries = new(ReferenceEqualityComparer.Instance);

    /// <summary>Non-whitespace characters, those inside links, commas, and paragraph-like blocks of at least 25 characters.</summary>
    internal readonly record struct Entry(int Text, int LinkText, int Commas, int Paragraphs);

    internal Entry this[IElement e] => _entries.TryGetValue(e, out var s) ? s : default;

    internal static NodeStats Compute(IElement root)
    {
        var stats = new NodeStats();
        stats.Visit(root, false, 0);
        return stats;
    }

    internal double LinkDensity(IElement e)
    {
        var s = this[e];
        return s.Text == 0 ? 0 : (double)s.LinkText / s.Text;
    }

    private Entry Visit(IElement element, bool inLink, int depth)
    {
        bool link = inLink || element.LocalName == "a";
        int text = 0, linkText = 0, commas = 0, paragraphs = 0;
        for (var child = element.FirstChild; child != null; child = child.NextSibling)
        {
            if (child is IElement ce)
            {
                // Pathologically deep trees are measured flat below a fixed depth, so hostile nesting cannot exhaust the stack.
                var s = depth < HtmlDom.MaxDepth ? Visit(ce, link, depth + 1) : FlatEntry(ce, link);
                text += s.Text;
                linkText += s.LinkText;
                commas += s.Commas;
                paragraphs += s.Paragraphs;
            }
            else if (child.NodeType == NodeType.Text)
            {
                var (n, c) = Count(child.TextContent);
                text += n;
                commas += c;
                if (link) linkText += n;
            }
        }
        if (HtmlDom.IsParagraphLike(element.LocalName) && text - linkText >= 25)
            paragraphs++;
        var entry = new Entry(text, linkText, commas, paragraphs);
        _entries[element] = entry;
        return entry;
    }

    private static Entry FlatEntry(IElement element, bool link)
    {
        var (n, c) = Count(element.TextContent);
        return new Entry(n, link ? n : 0, c, 0);
    }

    internal static (int Chars, int Commas) Count(string s)
    {
        int n = 0, c = 0;
        foreach (char ch in s)
        {
            if (char.IsWhiteSpace(ch)) continue;
            n++;
            if (ch is ',' or '，' or '、' or '。' or ';') c++;
        }
        return (n, c);
    }
}
