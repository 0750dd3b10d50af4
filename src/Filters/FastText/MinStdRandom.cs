namespace YuLanData.Filters.FastText;

/// <summary>The minimal-standard LCG (C++ <c>std::minstd_rand</c>: x ← 48271·x mod 2³¹−1), fastText's RNG.</summary>
internal struct MinStdRandom
{
    private const long Modulus = 2147483647;
    private long _state;

    public MinStdRandom(int seed)
    {
        long s = ((long)seed % Modulus + Modulus) % Modulus;
        _state = s == 0 ? 1 : s;
    }

    /// <summary>Next value in 1..2³¹−2.</summary>
    public int Next()
    {
        _state = _state * 48271 % Modulus;
        return (int)_state;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() - 1) / (double)(Modulus - 1);

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(NextDouble() * n);
}
