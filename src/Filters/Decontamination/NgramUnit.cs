namespace YuLanData.Filters.Decontamination;

/// <summary>What one element of an n-gram is.</summary>
public enum NgramUnit
{
    /// <summary>A normalized word (see <see cref="DecontaminationNormalizer"/>): default for prose benchmarks.</summary>
    Words = 0,

    /// <summary>A normalized character with all separators removed: survives any change of whitespace,
    /// indentation, punctuation or line breaking, for code benchmarks.</summary>
    Chars = 1,
}
