using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace YuLanData.Filters.Decontamination;

/// <summary>The 64-bit key of an n-gram: XXH3 over its unit hashes, seeded with its length.</summary>
internal static class NgramHash
{
    public static ulong Of(ReadOnlySpan<ulong> unitHashes) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(unitHashes), unitHashes.Length);
}
