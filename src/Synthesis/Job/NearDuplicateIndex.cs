using YuLanData.Filters.Dedup;

namespace YuLanData.Synthesis.Job;

/// <summary>
/// Remembers the samples kept so far and tells whether a new one nearly repeats one of them: MinHash signatures
/// (word 5-grams after normalization, 14 bands of 8 rows, the engine's dedup hasher) find candidates sharing a band,
/// and a candidate counts when the share of equal signature entries reaches the threshold. Texts too short for a
/// shingle compare by their normalized text. Feed samples in output order: the first of a group is kept.
/// Not thread-safe.
/// </summary>
public sealed class NearDuplicateIndex
{
    private readonly MinHasher _hasher = new(new MinHashParameters());
    private readonly double _threshold;
    private readonly Dictionary<UInt128, List<int>> _bands = [];
    private readonly List<ulong[]> _signatures = [];
    private readonly HashSet<UInt128> _shortTexts = [];

    /// <param name="threshold">Estimated Jaccard similarity (0 to 1] from which two samples are near-duplicates.</param>
    public NearDuplicateIndex(double threshold)
    {
        if (threshold is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "must be in (0, 1]");
        _threshold = threshold;
    }

    /// <summary>True when <paramref name="text"/> nearly repeats a kept sample; otherwise it is kept and false is returned.</summary>
    public bool IsDuplicateElseAdd(string text)
    {
        var p = _hasher.Parameters;
        var signature = new ulong[p.HashCount];
        if (!_hasher.TrySignature(text, signature)) return !_shortTexts.Add(DedupKeys.OfText(text, normalize: true));
        var keys = new UInt128[p.Bands];
        for (var b = 0; b < p.Bands; b++)
        {
            keys[b] = _hasher.BandKey(signature, b) ^ (UInt128)(ulong)b;
            if (_bands.TryGetValue(keys[b], out var candidates) && candidates.Any(c => Similarity(signature, _signatures[c]) >= _threshold))
                return true;
        }
        var index = _signatures.Count;
        _signatures.Add(signature);
        foreach (var key in keys)
        {
            if (!_bands.TryGetValue(key, out var list)) _bands[key] = list = [];
            list.Add(index);
        }
        return false;
    }

    private static double Similarity(ulong[] a, ulong[] b)
    {
        var same = 0;
        for (var i = 0; i < a.Length; i++)
            if (a[i] == b[i]) same++;
        return (double)same / a.Length;
    }
}
