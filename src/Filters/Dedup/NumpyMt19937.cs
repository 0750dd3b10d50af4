namespace YuLanData.Filters.Dedup;

/// <summary>
/// The Mersenne Twister MT19937 as NumPy's legacy <c>RandomState(seed)</c> uses it, and its
/// <c>randint(low, high, dtype=uint64)</c> draw (64-bit words = two 32-bit outputs, high first; masked rejection
/// sampling). Used to reproduce datatrove's MinHash permutation parameters exactly.
/// </summary>
internal sealed class NumpyMt19937
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <param name="seed">An integer seed in [0, 2^32), as <c>RandomState(seed)</c> takes it.</param>
    public NumpyMt19937(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++)
            _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    public uint Next32()
    {
        if (_index >= N)
            Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    public ulong Next64() => ((ulong)Next32() << 32) | Next32();

    /// <summary><c>randint(low, high, dtype=np.uint64)</c> for one value, with high - low - 1 above 2^32.</summary>
    public ulong RandInt(ulong low, ulong highExclusive)
    {
        ulong range = highExclusive - 1 - low;
        if (range <= uint.MaxValue)
            throw new NotSupportedException("only ranges above 2^32 are implemented (the MinHash ones)");
        ulong mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        while ((value = Next64() & mask) > range)
        {
        }
        return low + value;
    }

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7FFFFFFFu);
            uint next = _mt[(i + M) % N] ^ (y >> 1);
            if ((y & 1) != 0)
                next ^= 0x9908B0DFu;
            _mt[i] = next;
        }
        _index = 0;
    }
}
