namespace YuLanData.Filters.Dedup;

/// <summary>What a MinHash shingle is made of.</summary>
public enum ShingleUnit
{
    /// <summary>n consecutive words of the simplified text (datatrove's default).</summary>
    Word,

    /// <summary>n consecutive characters of the whitespace-collapsed text (for code, where words are poor units).</summary>
    Char,

    /// <summary>Words of the simplified text, except that every CJK ideograph or kana is a unit of its own: n-grams of
    /// characters in Chinese and Japanese (which have no spaces, so a whole line would otherwise be one "word") and of
    /// words in the Latin-script parts of the same document.</summary>
    CjkChar,
}
