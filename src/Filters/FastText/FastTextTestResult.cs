namespace YuLanData.Filters.FastText;

/// <summary>What <c>fasttext test</c> measures.</summary>
/// <param name="Examples">Lines evaluated (lines with at least one known label and at least one input id).</param>
/// <param name="Gold">Total gold labels over those lines.</param>
/// <param name="Predicted">Total predicted labels.</param>
/// <param name="PredictedGold">Predicted labels that were gold.</param>
public readonly record struct FastTextTestResult(long Examples, long Gold, long Predicted, long PredictedGold)
{
    /// <summary>PredictedGold / Predicted (NaN when nothing was predicted), fastText's P@k.</summary>
    public double Precision => Predicted == 0 ? double.NaN : PredictedGold / (double)Predicted;

    /// <summary>PredictedGold / Gold (NaN when there were no gold labels), fastText's R@k.</summary>
    public double Recall => Gold == 0 ? double.NaN : PredictedGold / (double)Gold;
}
