using System.Globalization;

namespace YuLanData.Filters.FastText;

/// <summary>
/// Scores documents with a fastText classifier: the probability of one label (filter / annotate /
/// probability-bucket modes) or the expected value of integer labels (score-bucket mode), written into
/// the metadata; bucket modes also write a bucket name the engine can route outputs by.
/// </summary>
/// <remarks>
/// The document is classified as one line (newlines count as spaces). A label the model does not return
/// (hierarchical softmax prunes labels below 1e-5) has probability 0. Drop reasons:
/// <c>fasttext_classifier_below_threshold</c> (filter mode) and <c>fasttext_classifier_below_buckets</c>
/// (probability below the first bucket edge).
/// </remarks>
[Stage("fasttext_classifier", "fastText classifier: annotates a label probability; keeps above a threshold or writes a score bucket")]
public sealed class FastTextClassifierFilter : IDocumentFilter
{
    /// <summary>Reason code in filter mode.</summary>
    public const string BelowThresholdReason = "fasttext_classifier_below_threshold";

    /// <summary>Reason code in probability-bucket mode.</summary>
    public const string BelowBucketsReason = "fasttext_classifier_below_buckets";

    [ThreadStatic]
    private static FastTextPrediction[]? t_predictions;

    private readonly FastTextModel _model;
    private readonly FastTextClassifierFilterOptions _options;
    private readonly int _label;
    private readonly int[] _labelValues = [];
    private readonly string[] _bucketNames = [];
    private readonly double[] _edges = [];

    /// <param name="options">Stage options; the model is loaded (once per process) from <c>ModelPath</c>.</param>
    public FastTextClassifierFilter(FastTextClassifierFilterOptions options)
    {
        options.Validate();
        _options = options;
        _model = FastTextModel.LoadShared(options.ModelPath);
        if (options.Mode == FastTextClassifierMode.ScoreBucket)
        {
            _labelValues = _model.Labels.Select(l =>
            {
                string v = l.StartsWith(FastTextDictionary.DefaultLabelPrefix, StringComparison.Ordinal) ? l[FastTextDictionary.DefaultLabelPrefix.Length..] : l;
                return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0
                    ? n
                    : throw new ArgumentException($"score_bucket mode needs integer labels, but {options.ModelPath} has label '{l}'");
            }).ToArray();
            _label = -1;
        }
        else
        {
            string label = options.Label.StartsWith(FastTextDictionary.DefaultLabelPrefix, StringComparison.Ordinal)
                ? options.Label
                : FastTextDictionary.DefaultLabelPrefix + options.Label;
            _label = _model.Labels.ToList().IndexOf(label);
            if (_label < 0)
                throw new ArgumentException($"label '{options.Label}' is not a label of {options.ModelPath} (labels: {string.Join(", ", _model.Labels.Take(10))})");
        }
        if (options.Mode == FastTextClassifierMode.ProbabilityBucket)
        {
            _edges = options.ParsedBucketEdges();
            _bucketNames = new string[_edges.Length - 1];
            for (int i = 0; i + 1 < _edges.Length; i++)
                _bucketNames[i] = EdgeName(_edges[i]) + "_" + EdgeName(_edges[i + 1]);
        }
    }

    /// <summary>Bucket edge as it appears in bucket names: tenths as two digits (0.6 → 06, 1.0 → 10), else the decimals (0.65 → 065).</summary>
    public static string EdgeName(double edge)
    {
        double tenths = edge * 10;
        if (Math.Abs(tenths - Math.Round(tenths)) < 1e-9)
            return ((int)Math.Round(tenths)).ToString("00", CultureInfo.InvariantCulture);
        return edge.ToString("0.########", CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal);
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        var predictions = t_predictions ??= new FastTextPrediction[Math.Max(_model.Labels.Count, 16)];
        if (predictions.Length < _model.Labels.Count)
            predictions = t_predictions = new FastTextPrediction[_model.Labels.Count];
        int count = _model.Predict(input.Text.AsSpan(), -1, 0f, predictions);
        var metadata = input.Metadata;

        if (_options.Mode == FastTextClassifierMode.ScoreBucket)
        {
            double expected = 0;
            for (int i = 0; i < count; i++)
                expected += Math.Min(predictions[i].Probability, 1.0) * _labelValues[predictions[i].LabelIndex];
            metadata[_options.MetadataKey] = expected;
            int max = _labelValues.Max();
            metadata[_options.BucketKey] = Math.Clamp((int)Math.Round(expected, MidpointRounding.AwayFromZero), 0, max).ToString(CultureInfo.InvariantCulture);
            return FilterOutcome.Kept;
        }

        double p = 0;
        for (int i = 0; i < count; i++)
        {
            if (predictions[i].LabelIndex == _label)
            {
                p = predictions[i].Probability;
                break;
            }
        }
        metadata[_options.MetadataKey] = p;
        switch (_options.Mode)
        {
            case FastTextClassifierMode.Filter:
                return p >= _options.Threshold ? FilterOutcome.Kept : FilterOutcome.Drop(BelowThresholdReason);
            case FastTextClassifierMode.Annotate:
                return FilterOutcome.Kept;
            default:
                if (p < _edges[0])
                    return FilterOutcome.Drop(BelowBucketsReason);
                int b = _bucketNames.Length - 1;
                for (int i = 0; i < _bucketNames.Length; i++)
                {
                    if (p < _edges[i + 1])
                    {
                        b = i;
                        break;
                    }
                }
                metadata[_options.BucketKey] = _bucketNames[b];
                return FilterOutcome.Kept;
        }
    }
}
