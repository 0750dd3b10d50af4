namespace YuLanData.Filters.Decontamination;

/// <summary>
/// The 64-bit key of an n-gram: a polynomial hash of its unit hashes (base <see cref="Base"/>, modulo 2^64), mixed
/// with its length through a bijective finalizer. The polynomial form lets <see cref="Rolling"/> slide over a text
/// in O(1) per position.
/// </summary>
internal static class NgramHash
{
    private const ulong Base = 0x9E3779B97F4A7C15UL;
    private const ulong LengthSalt = 0xD6E8FEB86659FD93UL;

    /// <summary>The key of the n-gram made of <paramref name="unitHashes"/>.</summary>
    public static ulong Of(ReadOnlySpan<ulong> unitHashes)
    {
        ulong h = 0;
        unchecked
        {
            foreach (ulong u in unitHashes)
                h = h * Base + u;
            return Finish(h, unitHashes.Length);
        }
    }

    private static ulong Finish(ulong polynomial, int length) =>
        DecontaminationNormalizer.Mix(unchecked(polynomial + (ulong)length * LengthSalt));

    /// <summary>Slides a window of <c>length</c> units over a unit sequence, giving each position's key.</summary>
    public struct Rolling
    {
        private readonly int _length;
        private readonly ulong _topPower;
        private ulong _h;

        /// <param name="first">The first <c>length</c> unit hashes.</param>
        public Rolling(ReadOnlySpan<ulong> first)
        {
            _length = first.Length;
            ulong power = 1, h = 0;
            unchecked
            {
                for (int i = 0; i < first.Length; i++)
                {
                    h = h * Base + first[i];
                    if (i > 0)
                        power *= Base;
                }
            }
            _topPower = power;
            _h = h;
        }

        /// <summary>The key of the current window.</summary>
        public readonly ulong Key => Finish(_h, _length);

        /// <summary>Moves the window one unit: drops <paramref name="leaving"/>, appends <paramref name="entering"/>.</summary>
        public void Slide(ulong leaving, ulong entering) => _h = unchecked((_h - leaving * _topPower) * Base + entering);
    }
}
