using System.Text.Json;
using System.Text.Json.Nodes;

namespace YuLanData.Filters.Html;

/// <summary>
/// The <c>html_extract</c> stage: replaces a document's HTML by its main content (<see cref="HtmlExtractor"/>),
/// writes the title and language hint to metadata, and drops pages without HTML (<c>not_html</c>) or without
/// main content (<c>no_main_content</c>).
/// </summary>
[Stage("html_extract", "Extract the main content (text or Markdown), title and language hint of HTML pages")]
public sealed class HtmlExtractFilter : IDocumentFilter
{
    /// <summary>Drop reason: no HTML to extract from.</summary>
    public const string NotHtml = "not_html";

    /// <summary>Drop reason: the page holds no main text.</summary>
    public const string NoMainContent = "no_main_content";

    private readonly HtmlExtractOptions _options;
    private readonly HtmlExtractor _extractor;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">Input field, mode, format and metadata keys.</param>
    public HtmlExtractFilter(HtmlExtractOptions options)
    {
        options.Validate();
        _options = options;
        _extractor = new HtmlExtractor(new HtmlExtractorSettings
        {
            Mode = options.Mode,
            Format = options.Format,
            IncludeLinks = options.IncludeLinks,
            IncludeTables = options.IncludeTables,
            IncludeComments = options.IncludeComments,
        });
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        string? html = input.Text;
        bool fromMetadata = false;
        if (_options.InputField != "text" && input.Metadata.TryGetPropertyValue(_options.InputField, out var node))
        {
            html = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            fromMetadata = true;
        }
        if (html is null || !LooksLikeHtml(html)) return FilterOutcome.Drop(NotHtml);
        var result = _extractor.Extract(html);
        if (fromMetadata && !_options.KeepHtml) input.Metadata.Remove(_options.InputField);
        if (_options.TitleField.Length > 0 && result.Title != null) input.Metadata[_options.TitleField] = result.Title;
        if (_options.LanguageField.Length > 0 && result.Language != null) input.Metadata[_options.LanguageField] = result.Language;
        if (NodeStats.Count(result.Text).Chars < _options.MinChars) return FilterOutcome.Drop(NoMainContent);
        return FilterOutcome.Rewrite(result.Text);
    }

    /// <summary>True when <paramref name="s"/> holds markup: a tag (<c>&lt;</c> then a letter, <c>/</c> or <c>!</c>) in
    /// its first 64 KiB and no NUL characters there (binary data decoded as text).</summary>
    /// <param name="s">The candidate page.</param>
    public static bool LooksLikeHtml(string s)
    {
        var head = s.AsSpan(0, Math.Min(s.Length, 65536));
        if (head.Contains('\0')) return false;
        for (int i = head.IndexOf('<'); i >= 0 && i + 1 < head.Length; )
        {
            char c = head[i + 1];
            if (char.IsAsciiLetter(c) || c is '/' or '!') return true;
            int next = head[(i + 1)..].IndexOf('<');
            if (next < 0) break;
            i += 1 + next;
        }
        return false;
    }
}
