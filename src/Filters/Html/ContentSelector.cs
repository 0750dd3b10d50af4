using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>
/// Chooses the content root(s) of a cleaned page. Two opinions are formed: the container the page declares
/// (<c>itemprop=articleBody</c>, article/post body class names, <c>article</c>, <c>main</c>) and the element
/// that gathers most paragraph score (each paragraph of prose, and the text a block holds itself between its
/// block children, scores 1 + commas + length/100 (at most 3) and
/// passes it to its ancestors, halving and then thirding it per level; the total is scaled by
/// 1 - link density), with its siblings that score or read like prose. The declared container wins unless it
/// holds much less text than the scored one.
/// </summary>
internal sealed class ContentSelector(ModeThresholds t, NodeStats stats)
{
    private const int MinDeclaredChars = 150;

    internal IReadOnlyList<IElement> Select(IElement body)
    {
        var (declared, outer) = Declared(body);
        var (top, scored) = Scored(body);
        if (declared is null) return scored.Count > 0 ? scored : [body];
        int declaredText = Prose(declared);
        int scoredText = scored.Sum(Prose);
        // A body declared by name (itemprop, article-body classes) is trusted down to a fifth of the scored
        // content's text; a bare <article> or <main> down to 30% when inside it, half when elsewhere.
        double share = DeclaredRank(declared) <= 2 ? 0.2 : top != null && top.Contains(declared) ? 0.3 : 0.5;
        bool useDeclared = top is null || declared.Contains(top) || declaredText >= scoredText * share;
        HtmlExtractor.Trace?.Invoke($"declared <{declared.LocalName} {BoilerplatePatterns.ClassAndId(declared)}> prose={declaredText} outer=<{outer!.LocalName} {BoilerplatePatterns.ClassAndId(outer)}>; top <{top?.LocalName} {(top is null ? "" : BoilerplatePatterns.ClassAndId(top))}> scored prose={scoredText} n={scored.Count}; useDeclared={useDeclared}");
        return useDeclared ? WithParts(WithLead(declared, outer!), declared) : scored;
    }

    /// <summary>An article split into several sections of one name (<c>section.s-cms-content.article-section-1</c>,
    /// <c>-2</c>, ...) is declared by each of them: the declared body's siblings of the same tag and first class
    /// name join it, in page order.</summary>
    private List<IElement> WithParts(List<IElement> roots, IElement declared)
    {
        string? name = FirstClass(declared);
        if (name is null || declared.ParentElement is null) return roots;
        var parts = declared.ParentElement.Children
            .Where(c => c != declared && c.LocalName == declared.LocalName && FirstClass(c) == name && DeclaredRank(c) == DeclaredRank(declared) && Prose(c) >= MinDeclaredChars)
            .ToList();
        if (parts.Count == 0) return roots;
        HtmlExtractor.Trace?.Invoke($"declared body in {parts.Count + 1} parts <{declared.LocalName} {name}>");
        var all = new List<IElement>(roots);
        foreach (var part in parts)
        {
            int i = all.FindIndex(r => r.ParentElement == declared.ParentElement && (part.CompareDocumentPosition(r) & DocumentPositions.Following) != 0);
            if (i < 0) all.Add(part);
            else all.Insert(i, part);
        }
        return all;
    }

    private static string? FirstClass(IElement e)
    {
        string? c = e.GetAttribute("class");
        if (string.IsNullOrWhiteSpace(c)) return null;
        return c.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
    }

    /// <summary>A declared body narrowed inside its article often leaves the lead paragraph (teaser, intro,
    /// description) just before it: prose blocks preceding it inside the outer container join the content.</summary>
    private List<IElement> WithLead(IElement declared, IElement outer)
    {
        var lead = new List<IElement>();
        for (var e = declared; e != outer && e.ParentElement is { } parent; e = parent)
        {
            for (var prev = e.PreviousElementSibling; prev != null; prev = prev.PreviousElementSibling)
            {
                var s = stats[prev];
                if (s.Text - s.LinkText >= 80 && stats.LinkDensity(prev) < 0.3) lead.Insert(0, prev);
            }
        }
        lead.Add(declared);
        return lead;
    }

    private int Prose(IElement e) => stats[e].Text - stats[e].LinkText;

    private (IElement? Best, IElement? Outer) Declared(IElement body)
    {
        IElement? best = null;
        int bestText = MinDeclaredChars - 1;
        int rank = int.MaxValue;
        foreach (var e in body.QuerySelectorAll("*"))
        {
            int text = Prose(e);
            if (text < MinDeclaredChars) continue;
            int r = DeclaredRank(e);
            if (r == 0) continue;
            // A better-ranked kind of declaration wins; within a rank, the one with more prose.
            if (r < rank || (r == rank && text > bestText))
            {
                best = e;
                bestText = text;
                rank = r;
            }
        }
        if (best is null) return (null, null);
        // The lead paragraph search stops at the nearest declared container around the body (the article).
        var outer = best;
        for (var a = best.ParentElement; a != null && a != body; a = a.ParentElement)
        {
            if (DeclaredRank(a) != 0)
            {
                outer = a;
                break;
            }
        }
        // Narrow an outer post wrapper to the body inside it when that body holds most of its text.
        while (true)
        {
            IElement? inner = null;
            int innerText = (int)(bestText * t.DescendShare);
            foreach (var d in best.QuerySelectorAll("*"))
            {
                int text = Prose(d);
                if (text < innerText || text < MinDeclaredChars || DeclaredRank(d) is 0 or 3 or 4) continue;
                inner = d;
                innerText = text;
            }
            if (inner is null) return (best, outer);
            best = inner;
            bestText = innerText;
        }
    }

    private static int DeclaredRank(IElement e)
    {
        if (e.GetAttribute("itemprop") is "articleBody" or "articlebody") return 1;
        if (!CanHoldArticle(e.LocalName)) return 0;
        string ci = BoilerplatePatterns.ClassAndId(e);
        bool strong = BoilerplatePatterns.IsStrong(ci);
        if (BoilerplatePatterns.IsContent(ci) && !strong) return 2;
        // An <article> or <main> named as furniture (a login modal, a comment, related posts) declares nothing.
        if (strong) return 0;
        if (e.LocalName == "article") return 3;
        if (e.LocalName == "main" || e.GetAttribute("role") == "main") return 4;
        return 0;
    }

    /// <summary>A class name alone never makes a paragraph, list, figure, heading or header the body of an
    /// article: <c>p.bodytext</c> (one paragraph of several), <c>figure.image__article</c> and
    /// <c>ul.media-box__article</c> name a part of the article, whose container the selector must find.</summary>
    private static bool CanHoldArticle(string tag) => tag is not ("p" or "span" or "a" or "figure" or "figcaption"
        or "header" or "footer" or "ul" or "ol" or "dl" or "li" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6"
        or "blockquote" or "pre" or "time" or "img" or "picture" or "strong" or "b" or "em" or "i" or "small");

    private (IElement? Top, List<IElement> Roots) Scored(IElement body)
    {
        var scores = new Dictionary<IElement, double>(ReferenceEqualityComparer.Instance);
        foreach (var e in body.QuerySelectorAll("*"))
        {
            int prose, commas;
            IElement? first;
            if (IsParagraph(e))
            {
                var s = stats[e];
                (prose, commas, first) = (s.Text - s.LinkText, s.Commas, e.ParentElement);
            }
            else
            {
                // Text written straight into a block between its block children is a paragraph of that block.
                (prose, commas) = LooseText(e);
                first = e;
            }
            if (prose < 25) continue;
            double score = 1 + commas + Math.Min(prose / 100.0, 3);
            int level = 0;
            for (var a = first; a != null && level < 5; a = a.ParentElement, level++)
            {
                if (!scores.TryGetValue(a, out double current)) current = InitialScore(a);
                scores[a] = current + score / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
                if (a == body) break;
            }
        }
        IElement? top = null;
        double topScore = 0;
        var final = new Dictionary<IElement, double>(scores.Count, ReferenceEqualityComparer.Instance);
        foreach (var (e, s) in scores)
        {
            double f = s * (1 - stats.LinkDensity(e));
            final[e] = f;
            if (f > topScore)
            {
                topScore = f;
                top = e;
            }
        }
        if (top is null) return (null, []);
        if (HtmlExtractor.Trace is { } tr)
            foreach (var (e, f) in final.OrderByDescending(kv => kv.Value).Take(8))
                tr($"cand {f:F1} raw={scores[e]:F1} ld={stats.LinkDensity(e):F2} <{e.LocalName} {BoilerplatePatterns.ClassAndId(e)}> text={stats[e].Text} parent=<{e.ParentElement?.LocalName} {(e.ParentElement is null ? "" : BoilerplatePatterns.ClassAndId(e.ParentElement))}>");

        // Several near-equal candidates under one ancestor: the content is that ancestor. First the nearest
        // ancestor whose separate children hold three of them (an article split over sibling rows or columns, each
        // a row > column > text chain), then, as before, the nearest holding three rivals nested or not.
        var rivals = final.Where(kv => kv.Value >= topScore * 0.75 && kv.Key != top).Select(kv => kv.Key).ToList();
        if (rivals.Count >= 2)
        {
            IElement? lifted = null;
            for (var a = top.ParentElement; a != null && a != body.ParentElement && lifted is null; a = a.ParentElement)
                if (Branches(a, top, rivals) >= 3) lifted = a;
            for (var a = top.ParentElement; a != null && a != body.ParentElement && lifted is null && rivals.Count >= 3; a = a.ParentElement)
                if (rivals.Count(r => a.Contains(r)) >= 3) lifted = a;
            if (lifted != null)
            {
                top = lifted;
                topScore = final.GetValueOrDefault(lifted, topScore);
            }
        }
        if (top == body || top.ParentElement is null) return (top, [top]);

        double threshold = Math.Max(10, topScore * t.SiblingShare);
        var roots = new List<IElement>();
        foreach (var sibling in top.ParentElement.Children)
        {
            if (sibling == top || final.GetValueOrDefault(sibling) >= threshold) { roots.Add(sibling); continue; }
            if (sibling.LocalName != "p") continue;
            var s = stats[sibling];
            double ld = stats.LinkDensity(sibling);
            if ((s.Text > 80 && ld < 0.25) || (s.Text > 0 && ld == 0 && sibling.TextContent.TrimEnd().EndsWith('.')))
                roots.Add(sibling);
        }
        return (top, roots);
    }

    /// <summary>How many children of <paramref name="a"/> hold the top candidate or a rival. Candidates nested in one
    /// another (a text block, its wrapper, the wrapper's row) are one opinion; the content is split over siblings
    /// (rows, columns, sections) only when separate branches hold near-equal candidates.</summary>
    private static int Branches(IElement a, IElement top, List<IElement> rivals)
    {
        var branches = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        foreach (var r in rivals.Append(top))
        {
            if (r == a || !a.Contains(r)) continue;
            var child = r;
            while (child.ParentElement != a) child = child.ParentElement!;
            branches.Add(child);
        }
        return branches.Count;
    }

    /// <summary>The prose of a block's own text nodes and inline children (links excluded), the text a page
    /// writes without <c>&lt;p&gt;</c> between tables, lists or line breaks.</summary>
    private (int Prose, int Commas) LooseText(IElement e)
    {
        if (e.LocalName is not ("div" or "section" or "article" or "main" or "center")) return (0, 0);
        int prose = 0, commas = 0;
        for (var c = e.FirstChild; c != null; c = c.NextSibling)
        {
            if (c is IElement ce)
            {
                if (HtmlDom.IsBlock(ce.LocalName) || ce.LocalName == "a") continue;
                var s = stats[ce];
                prose += s.Text - s.LinkText;
                commas += s.Commas;
            }
            else if (c.NodeType == NodeType.Text)
            {
                var (n, k) = NodeStats.Count(c.TextContent);
                prose += n;
                commas += k;
            }
        }
        return (prose, commas);
    }

    private static bool IsParagraph(IElement e)
    {
        string tag = e.LocalName;
        if (HtmlDom.IsParagraphLike(tag)) return true;
        if (tag is not ("div" or "section" or "span" or "font" or "center")) return false;
        // A div with no block children is a paragraph written without <p>.
        foreach (var c in e.Children)
            if (HtmlDom.IsBlock(c.LocalName)) return false;
        return tag != "span" || e.ParentElement is { } p && !HtmlDom.IsParagraphLike(p.LocalName);
    }

    private static double InitialScore(IElement e)
    {
        double s = e.LocalName switch
        {
            "div" or "article" or "section" or "main" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        string ci = BoilerplatePatterns.ClassAndId(e);
        if (ci.Length > 0)
        {
            if (BoilerplatePatterns.IsStrong(ci) || BoilerplatePatterns.IsWeak(ci)) s -= 25;
            if (BoilerplatePatterns.IsContent(ci) || BoilerplatePatterns.IsPositiveHint(ci)) s += 25;
        }
        if (e.GetAttribute("itemprop") is "articleBody") s += 25;
        return s;
    }
}
