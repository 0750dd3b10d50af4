namespace YuLanData.Filters.Dedup;

/// <summary>How shingles are hashed and the permutation parameters drawn.</summary>
public enum HashScheme
{
    /// <summary>XXH3-64 shingle hashes; parameters from a SplitMix64 stream of the seed (fast; the default).</summary>
    Fast,

    /// <summary>datatrove's (MinhashConfig with 64-bit hashes): shingle hash = the first 8 bytes of SHA-1,
    /// little-endian; parameters = NumPy <c>RandomState(seed).randint(1, p, 112)</c> then <c>randint(0, p, 112)</c>.
    /// With the same words, signatures equal datatrove's value for value.</summary>
    Datatrove,
}
