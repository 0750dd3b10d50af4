using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace YuLanData.Filters.Html;

/// <summary>Title and declared language of a page.</summary>
internal static class PageMetadata
{
    internal static string? Title(IHtmlDocument doc)
    {
        string? t = Meta(doc, "og:title") ?? Meta(doc, "twitter:title");
        if (string.IsNullOrWhiteSpace(t)) t = doc.Title;
        if (string.IsNullOrWhiteSpace(t)) t = doc.QuerySelector("h1")?.TextContent;
        return string.IsNullOrWhiteSpace(t) ? null : Collapse(t);
    }

    internal static string? Language(IHtmlDocument doc)
    {
        string? lang = doc.DocumentElement?.GetAttribute("lang") ?? doc.DocumentElement?.GetAttribute("xml:lang");
        if (string.IsNullOrWhiteSpace(lang))
        {
            foreach (var m in doc.QuerySelectorAll("meta[http-equiv]"))
                if (string.Equals(m.GetAttribute("http-equiv"), "content-language", StringComparison.OrdinalIgnoreCase))
                    lang = m.GetAttribute("content");
        }
        if (string.IsNullOrWhiteSpace(lang)) lang = Meta(doc, "og:locale");
        if (string.IsNullOrWhiteSpace(lang)) return null;
        lang = lang.Split(',')[0].Trim().Replace('_', '-').ToLowerInvariant();
        return lang.Length is > 0 and <= 35 ? lang : null;
    }

    private static string? Meta(IHtmlDocument doc, string key)
    {
        foreach (var m in doc.QuerySelectorAll("meta"))
        {
            if (string.Equals(m.GetAttribute("property"), key, StringComparison.OrdinalIgnoreCase) || string.Equals(m.GetAttribute("name"), key, StringComparison.OrdinalIgnoreCase))
            {
                string? c = m.GetAttribute("content");
                if (!string.IsNullOrWhiteSpace(c)) return c;
            }
        }
        return null;
    }

    private static string Collapse(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
