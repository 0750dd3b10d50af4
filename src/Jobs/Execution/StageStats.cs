namespace YuLanData.Jobs.Execution;

/// <summary>What one stage did: documents in and out, drops by reason, quarantined, bytes and time.</summary>
public sealed class StageStats
{
    /// <summary>The stage label, <c>{position:00}_{name}</c>.</summary>
    public string Stage { get; set; } = "";

    public long In { get; set; }

    public long Out { get; set; }

    /// <summary>Dropped documents per reason code.</summary>
    public SortedDictionary<string, long> Dropped { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Documents on which the stage failed (sent to quarantine).</summary>
    public long Quarantined { get; set; }

    /// <summary>UTF-16 characters of text entering / leaving the stage.</summary>
    public long CharsIn { get; set; }

    public long CharsOut { get; set; }

    public double Seconds { get; set; }

    /// <summary>Totals a stage reports beyond keep/drop (e.g. <c>tokens</c>, <c>tokens/{source}</c> from count_tokens).</summary>
    public SortedDictionary<string, long> Counters { get; set; } = new(StringComparer.Ordinal);

    public long DroppedTotal => Dropped.Values.Sum();

    public void Add(StageStats other)
    {
        In += other.In;
        Out += other.Out;
        Quarantined += other.Quarantined;
        CharsIn += other.CharsIn;
        CharsOut += other.CharsOut;
        Seconds += other.Seconds;
        AddCounts(Dropped, other.Dropped);
        AddCounts(Counters, other.Counters);
    }

    /// <summary>Adds every count of <paramref name="from"/> into <paramref name="into"/>.</summary>
    internal static void AddCounts(IDictionary<string, long> into, IReadOnlyDictionary<string, long> from)
    {
        foreach (var (key, n) in from)
            into[key] = into.TryGetValue(key, out long had) ? had + n : n;
    }
}
