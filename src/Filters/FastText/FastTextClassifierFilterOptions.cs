using System.Globalization;

namespace YuLanData.Filters.FastText;

/// <summary>Options of the <c>fasttext_classifier</c> stage.</summary>
public sealed class FastTextClassifierFilterOptions
{
    /// <summary>The fastText classifier (.bin or .ftz); required.</summary>
    [PathParameter]
    public string ModelPath { get; set; } = "";

    /// <summary>The label whose probability is used, with or without the <c>__label__</c> prefix (e.g. <c>hq</c>).</summary>
    public string Label { get; set; } = "hq";

    /// <summary>Metadata key receiving the probability (or the expected score in score-bucket mode).</summary>
    public string MetadataKey { get; set; } = "fasttext_score";

    /// <summary>What to do with the probability.</summary>
    public FastTextClassifierMode Mode { get; set; } = FastTextClassifierMode.Filter;

    /// <summary>In filter mode: minimum probability to keep.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>
    /// In probability-bucket mode: increasing bucket edges in 0..1 (YAML list such as <c>[0.6, 0.7, 0.8, 0.9, 1.0]</c>;
    /// strings because the stage binder takes string lists); bucket i is [edge i, edge i+1), and the last bucket
    /// also takes any higher probability (fastText can report up to 1.00001).
    /// </summary>
    public List<string> BucketEdges { get; set; } = ["0.6", "0.7", "0.8", "0.9", "1.0"];

    /// <summary>The parsed <see cref="BucketEdges"/>.</summary>
    /// <exception cref="ArgumentException">An edge is not a number.</exception>
    public double[] ParsedBucketEdges() => BucketEdges.Select(e =>
        double.TryParse(e, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new ArgumentException($"bucket_edges: '{e}' is not a number")).ToArray();

    /// <summary>Metadata key receiving the bucket name in the bucket modes.</summary>
    public string BucketKey { get; set; } = "fasttext_bucket";

    /// <summary>Throws <see cref="ArgumentException"/> for bad values.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
            throw new ArgumentException("model_path must be set");
        if (string.IsNullOrWhiteSpace(MetadataKey))
            throw new ArgumentException("metadata_key must be set");
        if (Mode == FastTextClassifierMode.Filter && (Threshold is < 0 or > 1 || double.IsNaN(Threshold)))
            throw new ArgumentException($"threshold must be in 0..1 (got {Threshold})");
        if (Mode is FastTextClassifierMode.ProbabilityBucket or FastTextClassifierMode.ScoreBucket && string.IsNullOrWhiteSpace(BucketKey))
            throw new ArgumentException("bucket_key must be set in bucket modes");
        if (Mode == FastTextClassifierMode.ProbabilityBucket)
        {
            var edges = ParsedBucketEdges();
            if (edges.Length < 2)
                throw new ArgumentException("bucket_edges needs at least two edges");
            for (int i = 0; i < edges.Length; i++)
            {
                if (edges[i] is < 0 or > 1 || double.IsNaN(edges[i]))
                    throw new ArgumentException($"bucket_edges must lie in 0..1 (got {edges[i]})");
                if (i > 0 && edges[i] <= edges[i - 1])
                    throw new ArgumentException("bucket_edges must be strictly increasing");
            }
        }
        if (Mode != FastTextClassifierMode.ScoreBucket && string.IsNullOrWhiteSpace(Label))
            throw new ArgumentException("label must be set");
    }
}
