using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// A uniform number in [0, 1) derived from a seed and a document id only, so random keep/drop decisions are
/// the same whatever the document order, sharding or number of workers (datatrove draws from one sequential
/// generator instead, which makes its choices depend on order).
/// </summary>
public static class DocumentRandom
{
    /// <summary>Uniform value in [0, 1) for <paramref name="documentId"/> under <paramref name="seed"/>.</summary>
    /// <param name="seed">The run's seed; different seeds give independent draws.</param>
    /// <param name="documentId">The document id.</param>
    public static double Uniform(long seed, string documentId)
    {
        ulong h = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(documentId.AsSpan()), seed);
        return (h >> 11) * (1.0 / (1UL << 53));
    }
}
