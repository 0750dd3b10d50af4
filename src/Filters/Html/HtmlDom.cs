namespace YuLanData.Filters.Html;

/// <summary>Tag vocabularies of HTML the extractor relies on.</summary>
internal static class HtmlDom
{
    /// <summary>Elements deeper than this are treated as flat text (hostile nesting guard).</summary>
    internal const int MaxDepth = 400;

    /// <summary>Elements whose content is never readable text.</summary>
    internal static bool IsJunk(string tag) => tag switch
    {
        "script" or "style" or "template" or "svg" or "math" or "canvas" or "iframe" or "object" or "embed"
            or "head" or "title" or "meta" or "link" or "base" or "input" or "button" or "select" or "option" or "optgroup"
            or "textarea" or "datalist" or "audio" or "video" or "source" or "track" or "map" or "area" or "img" or "picture"
            or "dialog" or "rt" or "rp" or "frameset" or "frame" or "applet" or "param" => true,
        _ => false,
    };

    /// <summary>Elements that start a new block (a paragraph break before and after).</summary>
    internal static bool IsBlock(string tag) => tag switch
    {
        "p" or "div" or "section" or "article" or "main" or "header" or "footer" or "aside" or "nav" or "blockquote"
            or "pre" or "ul" or "ol" or "li" or "dl" or "dt" or "dd" or "table" or "thead" or "tbody" or "tfoot" or "tr"
            or "caption" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "figure" or "figcaption" or "hr" or "address"
            or "details" or "summary" or "form" or "fieldset" or "legend" or "center" or "body" or "html" or "hgroup"
            or "menu" or "dir" or "listing" or "xmp" or "plaintext" => true,
        _ => false,
    };

    /// <summary>Elements that hold a paragraph of prose (scored as such).</summary>
    internal static bool IsParagraphLike(string tag) => tag is "p" or "pre" or "td" or "blockquote" or "dd" or "li";

    internal static int HeadingLevel(string tag) => tag.Length == 2 && tag[0] == 'h' && tag[1] is >= '1' and <= '6' ? tag[1] - '0' : 0;
}
