using AngleSharp.Dom;

namespace YuLanData.Filters.Html;

/// <summary>
/// Adds the lead of an article that sits just before the chosen content root but outside it: the intro,
/// standfirst or teaser paragraph that pages put in the article header, next to the headline, while the body
/// container starts below it. Only a block whose class or id names it a lead (<c>intro</c>, <c>lead</c>,
/// <c>standfirst</c>, <c>teaser</c>, <c>abstract</c>, <c>subheadline</c> ...) is taken, only when it reads like
/// prose (some length, few links, at most two paragraphs: a teaser list is not a lead; not a figure, whose
/// caption a lead image may carry), and only when little text (headline, byline, date) lies between it and the
/// content, so that teasers of other articles elsewhere on the page stay out.
/// </summary>
internal sealed class LeadFinder(NodeStats stats)
{
    /// <summary>Most non-space characters between the lead and the start of the content.</summary>
    internal const int MaxGap = 400;

    /// <summary>Ancestor levels of the content root whose earlier siblings are searched.</summary>
    private const int MaxLevels = 6;

    internal IReadOnlyList<IElement> WithLead(IReadOnlyList<IElement> roots, IElement body)
    {
        if (roots.Count == 0 || roots[0] == body) return roots;
        var lead = Find(roots[0], body);
        if (lead is null || roots.Any(r => r.Contains(lead) || lead.Contains(r))) return roots;
        HtmlExtractor.Trace?.Invoke($"lead <{lead.LocalName} {BoilerplatePatterns.ClassAndId(lead)}> text={stats[lead].Text}");
        return [lead, .. roots];
    }

    private IElement? Find(IElement root, IElement body)
    {
        int gap = 0, level = 0;
        for (var e = root; e != body && e.ParentElement is { } parent && level < MaxLevels; e = parent, level++)
        {
            for (var prev = e.PreviousElementSibling; prev != null; prev = prev.PreviousElementSibling)
            {
                int text = stats[prev].Text;
                if (text > 0 && text <= MaxGap + 2000)
                {
                    var lead = LastLeadIn(prev);
                    if (lead != null && gap + text - stats[lead].Text <= MaxGap) return lead;
                }
                gap += text;
                if (gap > MaxGap) return null;
            }
        }
        return null;
    }

    private IElement? LastLeadIn(IElement block)
    {
        if (IsLead(block)) return block;
        IElement? last = null;
        foreach (var d in block.QuerySelectorAll("[class], [id]"))
            if (IsLead(d) && (last is null || !last.Contains(d))) last = d;
        return last;
    }

    private bool IsLead(IElement e)
    {
        if (e.LocalName is "figure" or "figcaption") return false;
        string ci = BoilerplatePatterns.ClassAndId(e);
        if (!BoilerplatePatterns.IsLead(ci) || BoilerplatePatterns.IsStrong(ci)) return false;
        var s = stats[e];
        return s.Text - s.LinkText >= 40 && stats.LinkDensity(e) < 0.25 && s.Paragraphs <= 2;
    }
}
