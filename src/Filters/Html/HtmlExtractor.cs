using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace YuLanData.Filters.Html;

/// <summary>
/// Main-content extraction from one HTML page: parse (AngleSharp), clean (scripts, hidden elements, page
/// furniture by tag, ARIA role and class/id vocabulary), choose the content root (self-declared article
/// containers checked against a paragraph-density score), prune link-heavy blocks inside it, and write it as
/// text or Markdown. When the chosen content is too small for the mode, the whole cleaned page is used, then the
/// content root chosen on the page cleaned by tags only, then that whole page.
/// Thread-safe: every call parses its own document.
/// </summary>
public sealed class HtmlExtractor
{
    private readonly HtmlExtractorSettings _settings;
    private readonly ModeThresholds _t;
    private readonly HtmlParser _parser = new(new HtmlParserOptions { IsScripting = false });

    /// <summary>Creates an extractor.</summary>
    /// <param name="settings">Mode, format and what to keep; null for the defaults (balanced, text, tables, no links, no comments).</param>
    public HtmlExtractor(HtmlExtractorSettings? settings = null)
    {
        _settings = settings ?? new HtmlExtractorSettings();
        _t = ModeThresholds.For(_settings.Mode);
    }

    /// <summary>Diagnostics sink for development (what was removed and chosen); null in normal use.</summary>
    internal static Action<string>? Trace;

    /// <summary>The settings this extractor was made with.</summary>
    public HtmlExtractorSettings Settings => _settings;

    /// <summary>Parses <paramref name="html"/> without extracting (the baseline of <c>bench extract</c>).</summary>
    /// <param name="html">The page as decoded text.</param>
    public IHtmlDocument Parse(string html) => _parser.ParseDocument(html);

    /// <summary>Extracts the main content, title and language hint of a page.</summary>
    /// <param name="html">The page as decoded text (any size; malformed markup is repaired by the HTML5 parsing rules).</param>
    public HtmlExtraction Extract(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var doc = _parser.ParseDocument(html);
        string? title = PageMetadata.Title(doc);
        string? language = PageMetadata.Language(doc);
        var body = doc.Body ?? doc.DocumentElement;
        if (body is null) return new HtmlExtraction("", title, language, false);

        RemoveJunk(body);
        var stats = NodeStats.Compute(body);
        var cleaner = new FurnitureCleaner(_settings, stats);
        var comments = cleaner.Clean(body);
        stats = NodeStats.Compute(body);

        var roots = new ContentSelector(_t, stats).Select(body);
        roots = new LeadFinder(stats).WithLead(roots, body);
        Trace?.Invoke($"body text={stats[body].Text}; roots: " + Describe(roots, stats));
        PruneEach(roots, stats);
        if (_t.RemoveMetaBlocks) ClosingNoticePruner.Prune(roots);

        string text = Render(roots);
        bool fallback = false;
        int chars = NodeStats.Count(text).Chars;
        if (chars < _t.MinChars && !ReferenceEquals(roots.FirstOrDefault(), body))
        {
            // The chosen content is too small: try the whole cleaned page.
            new ContentPruner(_t, _settings, NodeStats.Compute(body)).Prune(body);
            TakeIfBetter(Render([body]), ref text, ref chars, ref fallback);
        }
        if (chars < _t.MinChars)
        {
            // Class-name rules can misfire on a whole page (one wrapper with a furniture name): start again from
            // a fresh parse with only unreadable, hidden and furniture-tagged elements removed.
            using var raw = _parser.ParseDocument(html);
            var rawBody = raw.Body ?? raw.DocumentElement;
            if (rawBody != null)
            {
                RemoveJunk(rawBody);
                new FurnitureCleaner(_settings with { IncludeComments = false }, NodeStats.Compute(rawBody), tagsOnly: true).Clean(rawBody);
                // The content root is chosen again on the page cleaned by tags only; the whole page only when
                // that choice is still too small.
                var rawStats = NodeStats.Compute(rawBody);
                var rawRoots = new ContentSelector(_t, rawStats).Select(rawBody);
                Trace?.Invoke("fallback roots: " + Describe(rawRoots, rawStats));
                if (!ReferenceEquals(rawRoots.FirstOrDefault(), rawBody))
                {
                    PruneEach(rawRoots, rawStats);
                    TakeIfBetter(Render(rawRoots), ref text, ref chars, ref fallback, chosen: true);
                }
                if (chars < _t.MinChars)
                {
                    new ContentPruner(_t, _settings, NodeStats.Compute(rawBody)).Prune(rawBody);
                    TakeIfBetter(Render([rawBody]), ref text, ref chars, ref fallback);
                }
            }
        }
        if (_t.TrimEdges) text = EdgeTrimmer.Trim(text);
        if (_settings.IncludeComments && comments.Count > 0)
        {
            string commentText = Render(comments);
            if (commentText.Length > 0) text = text.Length == 0 ? commentText : text + "\n\n" + commentText;
        }
        return new HtmlExtraction(text, title, language, fallback);
    }

    private void TakeIfBetter(string candidate, ref string text, ref int chars, ref bool fallback, bool chosen = false)
    {
        int candidateChars = NodeStats.Count(candidate).Chars;
        if (candidateChars <= chars) return;
        // A much bigger page than the candidate is mostly furniture: only an empty or tiny result is replaced by it.
        // A content root chosen on the page is no whole page, whatever its size.
        if (chosen || chars == 0 || candidateChars <= _t.FallbackMaxChars || chars < _t.MinChars / 3)
        {
            text = candidate;
            chars = candidateChars;
            fallback = true;
        }
    }

    private void PruneEach(IReadOnlyList<IElement> roots, NodeStats stats)
    {
        var pruner = new ContentPruner(_t, _settings, stats);
        foreach (var root in roots)
            pruner.Prune(root);
    }

    private static string Describe(IReadOnlyList<IElement> roots, NodeStats stats) =>
        string.Join(", ", roots.Select(r => $"<{r.LocalName} {BoilerplatePatterns.ClassAndId(r)}> text={stats[r].Text}"));

    private string Render(IReadOnlyList<IElement> roots)
    {
        var renderer = new TextRenderer(_settings);
        foreach (var root in roots)
        {
            renderer.Render(root);
            renderer.EndBlock();
        }
        return renderer.ToString();
    }

    /// <summary>Removes elements that never hold readable text, and hidden ones.</summary>
    private static void RemoveJunk(IElement body)
    {
        var doomed = new List<IElement>();
        var stack = new Stack<(IElement, int)>();
        stack.Push((body, 0));
        while (stack.Count > 0)
        {
            var (e, depth) = stack.Pop();
            for (var child = e.FirstChild; child != null; child = child.NextSibling)
            {
                if (child is IElement ce)
                {
                    if (HtmlDom.IsJunk(ce.LocalName) || IsHidden(ce)) doomed.Add(ce);
                    else if (depth < HtmlDom.MaxDepth) stack.Push((ce, depth + 1));
                }
            }
        }
        foreach (var e in doomed)
            e.Remove();
    }

    private static bool IsHidden(IElement e)
    {
        if (e.HasAttribute("hidden")) return true;
        if (e.GetAttribute("aria-hidden") == "true" && e.LocalName != "body") return true;
        string? style = e.GetAttribute("style");
        if (style is { Length: > 0 })
        {
            string s = style.Replace(" ", "").ToLowerInvariant();
            if (s.Contains("display:none") || s.Contains("visibility:hidden")) return true;
        }
        return false;
    }
}
