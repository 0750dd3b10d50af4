namespace YuLanData.Filters.FastText;

/// <summary>Options of the <c>fasttext_classifier</c> stage.</summary>
public sealed class FastTextClassifierFilterOptions
{
    /// <summary>The fastText classifier (.bin or .ftz); required.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>The label whose probability is used, with or without the <c>__label__</c> prefix (e.g. <c>hq</c>).</summary>
    public string Label { get; set; } = "hq";

    /// <summary>Metadata key receiving the probability (or the expected score in score-bucket mode).</summary>
    public string MetadataKey { get; set; } = "fasttext_score";

    /// <summary>What to do with the probability.</summary>
    public FastTextClassifierMode Mode { get; set; } = FastTextClassifierMode.Filter;

    /// <summary>In filter mode: minimum probability to keep.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>In probability-bucket mode: increasing bucket edges; bucket i is [edge i, edge i+1), the last one closed.</summary>
    public List<double> BucketEdges { get; set; } = [0.6, 0.7, 0.8, 0.9, 1.0];

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
            if (BucketEdges.Count < 2)
                throw new ArgumentException("bucket_edges needs at least two edges");
            for (int i = 0; i < BucketEdges.Count; i++)
            {
                if (BucketEdges[i] is < 0 or > 1 || double.IsNaN(BucketEdges[i]))
                    throw new ArgumentException($"bucket_edges must lie in 0..1 (got {BucketEdges[i]})");
                if (i > 0 && BucketEdges[i] <= BucketEdges[i - 1])
                    throw new ArgumentException("bucket_edges must be strictly increasing");
            }
        }
        if (Mode != FastTextClassifierMode.ScoreBucket && string.IsNullOrWhiteSpace(Label))
            throw new ArgumentException("label must be set");
    }
}
