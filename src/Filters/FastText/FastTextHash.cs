namespace YuLanData.Filters.FastText;

/// <summary>
/// fastText's string hash: 32-bit FNV-1a, except that each byte is sign-extended before the xor
/// (fastText hashes <c>int8_t(c)</c>), so bytes ≥ 0x80 mix in as 0xFFFFFF80.. rather than 0x80...
/// Released models depend on this quirk.
/// </summary>
internal static class FastTextHash
{
    public const uint OffsetBasis = 2166136261;
    public const uint Prime = 16777619;

    /// <summary>Hash of a whole token (its UTF-8 bytes).</summary>
    public static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint h = OffsetBasis;
        foreach (byte b in bytes)
            h = Step(h, b);
        return h;
    }

    /// <summary>Mixes one more byte into a running hash.</summary>
    public static uint Step(uint h, byte b) => (h ^ (uint)(sbyte)b) * Prime;
}
