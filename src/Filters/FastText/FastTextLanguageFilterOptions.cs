namespace YuLanData.Filters.FastText;

/// <summary>Options of the <c>fasttext_lid</c> stage (datatrove <c>LanguageFilter</c> defaults).</summary>
public sealed class FastTextLanguageFilterOptions
{
    /// <summary>The language-ID model (fastText lid.176), relative to the working directory.</summary>
    [PathParameter]
    public string ModelPath { get; set; } = "../shared/data/models/lid.176.ftz";

    /// <summary>Languages to keep (lid.176 codes such as <c>en</c>, <c>zh</c>); empty keeps every language.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Minimum probability: of the top language when <see cref="Languages"/> is empty, else of a listed language.</summary>
    public double LanguageThreshold { get; set; } = 0.65;

    /// <summary>
    /// When ≥ 0, also writes <c>top_language_{code}_score</c> for every language scoring above this (datatrove's
    /// <c>keep_top_pairs_threshold</c>); -1 disables.
    /// </summary>
    public double KeepTopPairsThreshold { get; set; } = -1;

    /// <summary>Throws <see cref="ArgumentException"/> for bad values.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
            throw new ArgumentException("model_path must be set");
        if (LanguageThreshold is < 0 or > 1 || double.IsNaN(LanguageThreshold))
            throw new ArgumentException($"language_threshold must be in 0..1 (got {LanguageThreshold})");
        if (KeepTopPairsThreshold < 0 && KeepTopPairsThreshold != -1)
            throw new ArgumentException($"keep_top_pairs_threshold must be -1 or in 0..1 (got {KeepTopPairsThreshold})");
        foreach (var l in Languages)
            if (string.IsNullOrWhiteSpace(l) || l.Any(char.IsWhiteSpace))
                throw new ArgumentException($"languages contains an invalid code '{l}'");
    }
}
