namespace YuLanData.Inference.Tokenization;

/// <summary>
/// Thrown when a <c>tokenizer.json</c> uses a feature (normalizer, pre-tokenizer, model option, ...) that this
/// implementation does not reproduce exactly. The message names the file and the feature.
/// </summary>
public sealed class UnsupportedTokenizerFeatureException : Exception
{
    /// <param name="path">The tokenizer file that was being loaded.</param>
    /// <param name="feature">The JSON location and value of the unsupported feature, e.g. <c>normalizer.type = "NFKC"</c>.</param>
    public UnsupportedTokenizerFeatureException(string path, string feature)
        : base($"{path}: unsupported tokenizer feature: {feature}")
    {
        Path = path;
        Feature = feature;
    }

    /// <summary>The tokenizer file that was being loaded.</summary>
    public string Path { get; }

    /// <summary>The unsupported feature, with its JSON location.</summary>
    public string Feature { get; }
}
