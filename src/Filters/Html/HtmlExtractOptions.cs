namespace YuLanData.Filters.Html;

/// <summary>
/// Options of the <c>html_extract</c> stage. Drop reasons: <c>not_html</c> (the input field is missing, not a
/// string, or holds no markup: no tag in its first 64 KiB, or NUL bytes) and <c>no_main_content</c> (the page
/// parsed but no readable main text was found).
/// </summary>
public sealed class HtmlExtractOptions
{
    /// <summary>Metadata field holding the page's HTML (as readers of raw web data write it); when the document
    /// has no such field, or this is <c>text</c>, the document text itself is the HTML.</summary>
    public string InputField { get; set; } = "html";

    /// <summary><c>balanced</c>, <c>precision</c> (less boilerplate, may lose some text) or <c>recall</c> (more text, may keep some boilerplate).</summary>
    public ExtractionMode Mode { get; set; } = ExtractionMode.Balanced;

    /// <summary><c>text</c> or <c>markdown</c>.</summary>
    public ExtractionFormat Format { get; set; } = ExtractionFormat.Text;

    /// <summary>Write link targets (<c>[text](url)</c> in Markdown, <c>text (url)</c> in text).</summary>
    public bool IncludeLinks { get; set; }

    /// <summary>Keep tables of the main content.</summary>
    public bool IncludeTables { get; set; } = true;

    /// <summary>Keep reader comments, appended after the main text.</summary>
    public bool IncludeComments { get; set; }

    /// <summary>Metadata key for the page title (empty: not written).</summary>
    public string TitleField { get; set; } = "title";

    /// <summary>Metadata key for the declared language (<c>&lt;html lang&gt;</c>, content-language, og:locale), lower case (empty: not written).</summary>
    public string LanguageField { get; set; } = "lang_hint";

    /// <summary>Keep the HTML in the input metadata field after extraction (by default it is removed: it is large and no later stage needs it).</summary>
    public bool KeepHtml { get; set; }

    /// <summary>Extracted texts with fewer non-space characters than this are dropped as <c>no_main_content</c>.</summary>
    public int MinChars { get; set; } = 1;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputField)) throw new ArgumentException("html_extract: input_field must not be empty");
        if (MinChars < 1) throw new ArgumentException("html_extract: min_chars must be >= 1");
    }
}
