using System.Text.Json.Nodes;

namespace YuLanData.Filters.FastText;

/// <summary>
/// Language identification with fastText lid.176 (datatrove <c>LanguageFilter</c>, ft176 backend). Writes
/// <c>language</c> (the top code, e.g. <c>en</c>) and <c>language_score</c> (its probability) into the
/// metadata, then keeps the document when <see cref="FastTextLanguageFilterOptions.Languages"/> is empty and
/// the top score ≥ threshold, or when some listed language scores ≥ threshold.
/// </summary>
/// <remarks>
/// The document is classified as one line (newlines count as spaces), exactly as
/// <c>model.predict(text.replace("\n", " "))</c> does. Drop reasons: <c>fasttext_lid_below_threshold</c>
/// (no language list, top score too low) and <c>fasttext_lid_language_not_kept</c> (no listed language
/// reaches the threshold).
/// </remarks>
[Stage("fasttext_lid", "fastText lid.176 language ID: annotates language/language_score, keeps listed languages above a threshold")]
public sealed class FastTextLanguageFilter : IDocumentFilter
{
    /// <summary>Reason code when no language list is given and the top language scores below the threshold.</summary>
    public const string BelowThresholdReason = "fasttext_lid_below_threshold";

    /// <summary>Reason code when none of the listed languages reaches the threshold.</summary>
    public const string LanguageNotKeptReason = "fasttext_lid_language_not_kept";

    private const string LabelPrefix = "__label__";

    [ThreadStatic]
    private static FastTextPrediction[]? t_predictions;

    private readonly FastTextModel _model;
    private readonly FastTextLanguageFilterOptions _options;
    private readonly int[] _languageLabels;
    private readonly string[] _codes;
    private readonly bool _needAll;

    /// <param name="options">Stage options; the model is loaded (once per process) from <c>ModelPath</c>.</param>
    public FastTextLanguageFilter(FastTextLanguageFilterOptions options)
    {
        options.Validate();
        _options = options;
        _model = FastTextModel.LoadShared(options.ModelPath);
        _codes = _model.Labels.Select(l => l.StartsWith(LabelPrefix, StringComparison.Ordinal) ? l[LabelPrefix.Length..] : l).ToArray();
        _languageLabels = options.Languages.Select(code =>
        {
            int i = Array.IndexOf(_codes, code);
            return i >= 0 ? i : throw new ArgumentException($"language '{code}' is not a label of {options.ModelPath}");
        }).ToArray();
        _needAll = _languageLabels.Length > 0 || options.KeepTopPairsThreshold >= 0;
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        var predictions = t_predictions ??= new FastTextPrediction[512];
        if (predictions.Length < _model.Labels.Count)
            predictions = t_predictions = new FastTextPrediction[_model.Labels.Count];
        int count = _model.Predict(input.Text.AsSpan(), _needAll ? -1 : 1, 0f, predictions);
        JsonObject metadata = input.Metadata;
        if (count == 0)
        {
            // Nothing to classify (no tokens the model knows and no subwords): no language.
            metadata["language"] = null;
            metadata["language_score"] = 0.0;
            return FilterOutcome.Drop(_languageLabels.Length == 0 ? BelowThresholdReason : LanguageNotKeptReason);
        }
        var top = predictions[0];
        metadata["language"] = _codes[top.LabelIndex];
        metadata["language_score"] = (double)top.Probability;
        if (_options.KeepTopPairsThreshold >= 0)
        {
            for (int i = 0; i < count; i++)
                if (predictions[i].Probability > _options.KeepTopPairsThreshold)
                    metadata[$"top_language_{_codes[predictions[i].LabelIndex]}_score"] = (double)predictions[i].Probability;
        }
        if (_languageLabels.Length == 0)
            return top.Probability >= _options.LanguageThreshold ? FilterOutcome.Kept : FilterOutcome.Drop(BelowThresholdReason);
        for (int i = 0; i < count; i++)
        {
            if (predictions[i].Probability < _options.LanguageThreshold)
                break; // sorted by decreasing probability
            if (Array.IndexOf(_languageLabels, predictions[i].LabelIndex) >= 0)
                return FilterOutcome.Kept;
        }
        return FilterOutcome.Drop(LanguageNotKeptReason);
    }
}
