namespace YuLanData.Filters.Html;

/// <summary>The shape of the extracted text.</summary>
public enum ExtractionFormat
{
    /// <summary>Plain text: one paragraph per block, blank lines between blocks, list items as <c>- item</c>,
    /// table rows as cells joined by <c> | </c>.</summary>
    Text,

    /// <summary>Markdown: <c>#</c> headings, <c>-</c>/<c>1.</c> lists, pipe tables, fenced code blocks, <c>&gt;</c> quotes.</summary>
    Markdown,
}
