namespace YuLanData.Inference.Generation;

/// <summary>
/// Counter-based random numbers: the uniform for (seed, step) is a pure function of both (SplitMix64 finalizer),
/// so a request's samples do not depend on the batch it runs in, the device, or the order of steps.
/// </summary>
public static class CounterRandom
{
    /// <summary>A uniform float in [0, 1) for <paramref name="seed"/> at <paramref name="step"/>.</summary>
    public static float Uniform(long seed, int step)
    {
        var z = unchecked((ulong)seed + (ulong)(step + 1) * 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 40) * (1.0f / (1 << 24));
    }

    /// <summary>A seed derived from a request id (FNV-1a over UTF-16 code units), stable across runs.</summary>
    public static long SeedFromId(string id)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in id) h = unchecked((h ^ ch) * 1099511628211UL);
        return unchecked((long)h);
    }
}
