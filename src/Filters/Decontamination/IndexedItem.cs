namespace YuLanData.Filters.Decontamination;

/// <summary>An item as stored in an index.</summary>
/// <param name="Benchmark">Index into <see cref="NgramIndex.Benchmarks"/>.</param>
/// <param name="Id">The item's id within its benchmark.</param>
/// <param name="Units">How many n-gram units the item's text has.</param>
/// <param name="Ngrams">How many of its n-grams are in the index (0: the item cannot be matched: too short,
/// or all its n-grams are common phrases).</param>
public readonly record struct IndexedItem(int Benchmark, string Id, int Units, int Ngrams);
