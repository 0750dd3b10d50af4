namespace YuLanData.Filters.Html;

/// <summary>What <see cref="HtmlExtractor"/> keeps and how it writes it.</summary>
public sealed record HtmlExtractorSettings
{
    /// <summary>Precision/recall trade-off.</summary>
    public ExtractionMode Mode { get; init; } = ExtractionMode.Balanced;

    /// <summary>Plain text or Markdown.</summary>
    public ExtractionFormat Format { get; init; } = ExtractionFormat.Text;

    /// <summary>Write link targets: <c>[text](url)</c> in Markdown, <c>text (url)</c> in plain text.</summary>
    public bool IncludeLinks { get; init; }

    /// <summary>Keep tables inside the main content (rows as lines, cells joined by <c> | </c>).</summary>
    public bool IncludeTables { get; init; } = true;

    /// <summary>Keep reader comment sections (appended after the main text) instead of removing them as boilerplate.</summary>
    public bool IncludeComments { get; init; }
}
