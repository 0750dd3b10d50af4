namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>The kinds of damage the fault-injection suite applies.</summary>
public enum FaultKind
{
    /// <summary>One bit flipped.</summary>
    BitFlip,

    /// <summary>The file cut short.</summary>
    Truncate,

    /// <summary>Random bytes inserted.</summary>
    Insert,

    /// <summary>A run of bytes overwritten with random bytes.</summary>
    Overwrite,
}

/// <summary>One damage applied to a file: what, where (byte offset in the original) and how many bytes.</summary>
public sealed record Fault(FaultKind Kind, long Offset, int Length, int Seed)
{
    /// <summary>A random fault of a random kind, from <paramref name="seed"/> (reproducible).</summary>
    public static Fault Random(int seed, long fileLength)
    {
        var rng = new Random(seed);
        var kind = (FaultKind)rng.Next(4);
        long offset = rng.NextInt64(kind == FaultKind.Truncate ? 1 : 0, fileLength);
        int length = kind switch
        {
            FaultKind.BitFlip => 1,
            FaultKind.Truncate => (int)Math.Min(int.MaxValue, fileLength - offset),
            _ => rng.Next(1, 257),
        };
        if (kind == FaultKind.Overwrite)
            length = (int)Math.Min(length, fileLength - offset);
        return new Fault(kind, offset, length, seed);
    }

    /// <summary>The damaged copy of <paramref name="original"/>.</summary>
    public byte[] Apply(byte[] original)
    {
        var rng = new Random(Seed ^ 0x5eed);
        switch (Kind)
        {
            case FaultKind.BitFlip:
                var flipped = (byte[])original.Clone();
                flipped[Offset] ^= (byte)(1 << rng.Next(8));
                return flipped;
            case FaultKind.Truncate:
                return original[..(int)Offset];
            case FaultKind.Insert:
                var garbage = new byte[Length];
                rng.NextBytes(garbage);
                return [.. original.AsSpan(0, (int)Offset), .. garbage, .. original.AsSpan((int)Offset)];
            default:
                var over = (byte[])original.Clone();
                rng.NextBytes(over.AsSpan((int)Offset, Length));
                return over;
        }
    }

    public override string ToString() => $"{Kind} at byte {Offset} ({Length} bytes, seed {Seed})";
}
