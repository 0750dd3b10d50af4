namespace YuLanData.Jobs.Mixing;

/// <summary>A small seeded generator (SplitMix64) whose sequence is fixed forever, unlike <see cref="Random"/>'s.</summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A seed derived from a base seed and labels (e.g. phase and source), so streams are independent.</summary>
    public static ulong Derive(ulong seed, params ReadOnlySpan<string> labels)
    {
        ulong h = seed ^ 0x9E3779B97F4A7C15UL;
        foreach (var label in labels)
            h = Mix(h ^ System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(label)));
        return h;
    }

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) (Lemire's multiply-shift with rejection).</summary>
    public int NextBelow(int bound)
    {
        ulong threshold = (ulong)(-(long)bound) % (ulong)bound;
        while (true)
        {
            ulong r = Next();
            UInt128 m = (UInt128)r * (ulong)bound;
            if ((ulong)m >= threshold)
                return (int)(m >> 64);
        }
    }

    /// <summary>Fisher-Yates shuffle.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
