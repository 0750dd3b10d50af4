using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>
/// Removes page furniture: <c>nav</c>/<c>aside</c>/<c>footer</c> and page-level <c>header</c> elements, ARIA
/// furniture roles, and elements whose class or id names furniture (<see cref="BoilerplatePatterns"/>). An element
/// that contains a self-declared content container is never removed, nor is an element with a weak furniture
/// name that holds most of the page's text (page wrappers such as <c>body.has-sidebar</c>).
/// </summary>
/// <param name="settings">What to keep (comments).</param>
/// <param name="stats">Text measures of the page before cleaning.</param>
/// <param name="tagsOnly">Only the tag and role rules (the fallback pass, where class names misled the full pass).</param>
internal sealed class FurnitureCleaner(HtmlExtractorSettings settings, NodeStats stats, bool tagsOnly = false)
{
    private readonly HashSet<IElement> _protected = new(ReferenceEqualityComparer.Instance);
    private readonly List<IElement> _comments = [];
    private int _bodyText;

    /// <summary>Cleans <paramref name="body"/> in place; returns the comment sections it took out when
    /// comments are to be kept (detached, in page order), else an empty list.</summary>
    internal IReadOnlyList<IElement> Clean(IElement body)
    {
        _bodyText = stats[body].Text;
        ProtectContentAncestors(body);
        var doomed = new List<IElement>();
        Walk(body, false, 0, doomed);
        foreach (var e in doomed)
            e.Remove();
        foreach (var c in _comments)
            c.Remove();
        return _comments;
    }

    private void ProtectContentAncestors(IElement body)
    {
        int min = Math.Max(200, _bodyText / 5);
        foreach (var e in body.QuerySelectorAll("article, main, [role=main], [itemprop=articleBody], [class], [id]"))
        {
            // Sizes first: most elements are too small to matter, and the class vocabulary is the costly test.
            int text = stats[e].Text;
            // A microdata article body is declared by the page itself: its ancestors stay even when it is short
            // and broken markup left it inside an aside or footer.
            bool microdata = text >= 100 && e.GetAttribute("itemprop") == "articleBody";
            if (text < min && !microdata) continue;
            bool marker = microdata || e.LocalName is "article" or "main" || e.GetAttribute("role") == "main" || e.GetAttribute("itemprop") == "articleBody";
            if (!marker)
            {
                string ci = BoilerplatePatterns.ClassAndId(e);
                marker = BoilerplatePatterns.IsContent(ci) && !BoilerplatePatterns.IsStrong(ci);
            }
            if (!marker) continue;
            for (var p = e; p != null && p != body && _protected.Add(p); p = p.ParentElement) { }
        }
    }

    private void Walk(IElement e, bool inArticle, int depth, List<IElement> doomed)
    {
        for (var child = e.FirstChild; child != null; child = child.NextSibling)
        {
            if (child is not IElement ce) continue;
            string tag = ce.LocalName;
            bool article = inArticle || tag is "article" or "main" || ce.GetAttribute("itemprop") == "articleBody";
            if (!_protected.Contains(ce))
            {
                string ci = BoilerplatePatterns.ClassAndId(ce);
                if (settings.IncludeComments && (BoilerplatePatterns.IsComment(ci) || ce.GetAttribute("itemprop") == "comment"))
                {
                    if (!_comments.Any(c => c.Contains(ce))) _comments.Add(ce);
                    continue;
                }
                if (FurnitureRule(ce, tag, ci, inArticle) is { } rule)
                {
                    HtmlExtractor.Trace?.Invoke($"furniture[{rule}] <{tag} {ci}> text={stats[ce].Text} paras={stats[ce].Paragraphs} |{ce.TextContent}");
                    doomed.Add(ce);
                    continue;
                }
            }
            if (depth < HtmlDom.MaxDepth) Walk(ce, article, depth + 1, doomed);
        }
    }

    /// <summary>The rule that makes <paramref name="e"/> furniture (tag, header, role, strong or weak word), or null.</summary>
    private string? FurnitureRule(IElement e, string tag, string classAndId, bool inArticle)
    {
        if (tag is "nav" or "aside" or "footer" or "form" && !IsLargeForm(e, tag)) return "tag";
        if (tag == "header" && !inArticle) return "header";
        if (BoilerplatePatterns.IsFurnitureRole(e.GetAttribute("role"))) return "role";
        if (classAndId.Length == 0 || tagsOnly) return null;
        bool strong = BoilerplatePatterns.IsStrong(classAndId);
        bool weak = !strong && BoilerplatePatterns.IsWeak(classAndId);
        if (!strong && !weak) return null;
        if (BoilerplatePatterns.IsContent(classAndId) && stats[e].Text >= 200) return null;
        if (weak && IsContentPart(e, classAndId, stats)) return null;
        // A furniture word on a block of several prose paragraphs is usually a modifier ("section--ads",
        // "header" wrapping the whole story): the content selector decides about it instead.
        bool prose = stats[e].Paragraphs >= 3 && stats.LinkDensity(e) < (strong ? 0.2 : 0.25) && !BoilerplatePatterns.IsComment(classAndId);
        if (prose) return null;
        return strong ? "strong" : stats[e].Text * 2 < _bodyText || stats[e].Paragraphs < 2 ? "weak" : null;
    }

    /// <summary>A block named only as the header or metadata of a content part ("table-header", "recipe-header",
    /// "card-header", "recipe-meta", "event-meta"; not the site's, page's or article's) is part of that content, not
    /// page furniture: a table, or a block with little link text holding a paragraph or 200+ characters, stays (in
    /// the cleaner and in the pruner's metadata rule).</summary>
    internal static bool IsContentPart(IElement e, string classAndId, NodeStats stats) =>
        BoilerplatePatterns.IsOnlyPartName(classAndId) && (e.LocalName == "table" || (stats[e].Paragraphs >= 1 || stats[e].Text >= 200) && stats.LinkDensity(e) < 0.25);

    // Some sites wrap the whole page in one <form> (ASP.NET); a form holding prose is not a search box.
    private bool IsLargeForm(IElement e, string tag) => tag == "form" && (stats[e].Paragraphs >= 2 || stats[e].Text * 2 >= _bodyText);
}
