using System.Globalization;

namespace YuLanData.Filters.Dedup;

/// <summary>
/// MinHash-LSH parameters. Defaults follow datatrove's <c>MinhashConfig</c> with 64-bit hashes: word 5-grams,
/// 14 bands of 8 rows (112 hashes), seed 1. Two documents with Jaccard similarity s share at least one band
/// with probability 1 - (1 - s^rows)^bands (0.924 at s = 0.8 with the defaults).
/// </summary>
public sealed record MinHashParameters
{
    /// <summary>Shingle length in units (words or characters).</summary>
    public int NGram { get; init; } = 5;

    /// <summary>Number of LSH bands (bucket files per task).</summary>
    public int Bands { get; init; } = 14;

    /// <summary>Hashes per band; a band matches only when all its rows are equal.</summary>
    public int Rows { get; init; } = 8;

    /// <summary>Seed of the hash permutations; must be the same for every corpus compared.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Words (text) or characters (code).</summary>
    public ShingleUnit Unit { get; init; } = ShingleUnit.Word;

    /// <summary>Apply datatrove's <c>simplify_text</c> before shingling (for <see cref="ShingleUnit.Char"/>,
    /// false keeps case and punctuation and only collapses whitespace).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Shingle hash and parameter draw: fast (XXH3, SplitMix64) or datatrove-compatible (SHA-1, NumPy MT19937).</summary>
    public HashScheme Scheme { get; init; } = HashScheme.Fast;

    public int HashCount => Bands * Rows;

    public void Validate()
    {
        if (NGram < 1 || NGram > 64)
            throw new ArgumentException($"ngram must be 1..64 (got {NGram})");
        if (Bands < 1 || Bands > 512)
            throw new ArgumentException($"bands must be 1..512 (got {Bands})");
        if (Scheme == HashScheme.Datatrove && Seed > uint.MaxValue)
            throw new ArgumentException($"the datatrove scheme takes a 32-bit seed (got {Seed})");
        if (Rows < 1 || Rows > 64)
            throw new ArgumentException($"rows must be 1..64 (got {Rows})");
    }

    /// <summary>Everything that changes a signature, as stored in file headers; files written under other
    /// parameters are refused.</summary>
    public string Fingerprint => string.Create(CultureInfo.InvariantCulture,
        $"minhash/v1 unit={Unit.ToString().ToLowerInvariant()} ngram={NGram} bands={Bands} rows={Rows} seed={Seed} normalize={(Normalize ? "datatrove_simplify" : "none")} {(Scheme == HashScheme.Fast ? "shingle_hash=xxh3_64 params=splitmix64" : "shingle_hash=sha1_64 params=numpy_mt19937")} perm=mersenne61 band_key=xxh3_128");
}
