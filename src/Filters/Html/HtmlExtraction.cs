namespace YuLanData.Filters.Html;

/// <summary>The result of extracting one page.</summary>
/// <param name="Text">The main content as text or Markdown; empty when the page has none.</param>
/// <param name="Title">The page title (<c>og:title</c>, else <c>&lt;title&gt;</c>, else the first <c>h1</c>); null when absent.</param>
/// <param name="Language">The declared language (<c>&lt;html lang&gt;</c>, <c>content-language</c>, <c>og:locale</c>), lower case; null when absent.</param>
/// <param name="UsedFallback">True when the main-content candidate was too small and the whole cleaned page was used instead.</param>
public sealed record HtmlExtraction(string Text, string? Title, string? Language, bool UsedFallback);
