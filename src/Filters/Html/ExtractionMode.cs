namespace YuLanData.Filters.Html;

/// <summary>How much the extractor trades recall against precision (trafilatura's <c>favor_precision</c> /
/// <c>favor_recall</c> switches).</summary>
public enum ExtractionMode
{
    /// <summary>The default trade-off.</summary>
    Balanced,

    /// <summary>Drop anything that looks like boilerplate, even at the cost of some main text.</summary>
    Precision,

    /// <summary>Keep anything that may be main text, even at the cost of some boilerplate.</summary>
    Recall,
}
