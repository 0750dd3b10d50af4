namespace YuLanData.Filters.Decontamination;

/// <summary>How an index cuts benchmark items into n-grams; stored in the index header.</summary>
/// <param name="N">Units per n-gram (13 words by default).</param>
/// <param name="Unit">Words or characters.</param>
/// <param name="MaxItemsPerNgram">An n-gram that occurs in more than this many benchmark items is a common
/// phrase and is left out of the index.</param>
/// <param name="MinShortItemUnits">An item with fewer than <paramref name="N"/> units but at least this many is
/// matched as a whole (its complete unit sequence is one shorter n-gram); shorter items are not indexed.</param>
public sealed record NgramIndexParameters(int N = 13, NgramUnit Unit = NgramUnit.Words, int MaxItemsPerNgram = 10, int MinShortItemUnits = 8)
{
    /// <summary>Throws <see cref="ArgumentException"/> for values an index cannot use.</summary>
    public void Validate()
    {
        if (N < 1 || N > 1000)
            throw new ArgumentException($"n must be between 1 and 1000 (got {N})");
        if (MaxItemsPerNgram < 1)
            throw new ArgumentException($"max_items_per_ngram must be at least 1 (got {MaxItemsPerNgram})");
        if (MinShortItemUnits < 1 || MinShortItemUnits > N)
            throw new ArgumentException($"min_short_item_units must be between 1 and n={N} (got {MinShortItemUnits})");
        if (!Enum.IsDefined(Unit))
            throw new ArgumentException($"unknown n-gram unit {Unit}");
    }
}
