namespace YuLanData.Filters.FastText;

/// <summary>One predicted label.</summary>
/// <param name="LabelIndex">Index of the label among the model's labels (0 = most frequent in training).</param>
/// <param name="Label">The full label token as the CLI prints it, e.g. <c>__label__en</c>.</param>
/// <param name="Probability">The probability as fastText reports it: exp(log(p + 1e-5)), so it can slightly exceed 1.</param>
public readonly record struct FastTextPrediction(int LabelIndex, string Label, float Probability);
