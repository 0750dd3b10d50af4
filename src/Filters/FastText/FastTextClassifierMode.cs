namespace YuLanData.Filters.FastText;

/// <summary>What the <c>fasttext_classifier</c> stage does with the label probability.</summary>
public enum FastTextClassifierMode
{
    /// <summary>Annotate the probability and keep the document when it is ≥ <c>threshold</c>.</summary>
    Filter,

    /// <summary>Annotate the probability only; keep every document.</summary>
    Annotate,

    /// <summary>
    /// Write a probability bucket name (e.g. <c>07_08</c> for 0.7 ≤ p &lt; 0.8, edges from <c>bucket_edges</c>) into
    /// <c>bucket_key</c> for routing outputs; documents below the first edge are dropped.
    /// </summary>
    ProbabilityBucket,

    /// <summary>
    /// For models with integer labels (<c>__label__0</c> … <c>__label__5</c>): annotate the expected score
    /// Σ p(i)·i and write the rounded score (0..max label) as the bucket name into <c>bucket_key</c>.
    /// </summary>
    ScoreBucket,
}
