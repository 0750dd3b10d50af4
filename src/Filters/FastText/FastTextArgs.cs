namespace YuLanData.Filters.FastText;

/// <summary>The hyperparameters stored in a fastText model file (fastText's <c>Args::save</c> block).</summary>
/// <param name="Dim">Vector dimension.</param>
/// <param name="WindowSize">Context window (unsupervised only; stored for compatibility).</param>
/// <param name="Epoch">Training epochs.</param>
/// <param name="MinCount">Minimum word count kept in the dictionary.</param>
/// <param name="Negatives">Negatives sampled per example (negative-sampling loss).</param>
/// <param name="WordNgrams">Maximum length of word n-grams (1 = unigrams only).</param>
/// <param name="Loss">The loss.</param>
/// <param name="Model">The model kind.</param>
/// <param name="Bucket">Number of hash buckets for char and word n-grams.</param>
/// <param name="MinN">Minimum char n-gram length (bytes-of-code-points, as fastText counts).</param>
/// <param name="MaxN">Maximum char n-gram length; 0 disables subwords.</param>
/// <param name="LrUpdateRate">Tokens between learning-rate updates.</param>
/// <param name="SamplingThreshold">Sub-sampling threshold <c>t</c> (unsupervised only).</param>
public sealed record FastTextArgs(
    int Dim,
    int WindowSize,
    int Epoch,
    int MinCount,
    int Negatives,
    int WordNgrams,
    FastTextLoss Loss,
    FastTextModelKind Model,
    int Bucket,
    int MinN,
    int MaxN,
    int LrUpdateRate,
    double SamplingThreshold);
