namespace YuLanData.Filters.Dedup;

/// <summary>What a MinHash shingle is made of.</summary>
public enum ShingleUnit
{
    /// <summary>n consecutive words of the simplified text (datatrove's default).</summary>
    Word,

    /// <summary>n consecutive characters of the whitespace-collapsed text (for code, where words are poor units).</summary>
    Char,
}
