namespace YuLanData.Filters.Decontamination;

/// <summary>Finds the benchmark items of an <see cref="NgramIndex"/> whose n-grams occur in a text. Thread-safe.</summary>
public sealed class ContaminationMatcher(NgramIndex index)
{
    [ThreadStatic]
    private static UnitBuffer? t_units;

    /// <summary>The index matched against.</summary>
    public NgramIndex Index => index;

    /// <summary>
    /// Every match in <paramref name="text"/>, ordered by position: overlapping or adjacent n-grams of the same item
    /// merge into one match. Returns an empty list (no allocation) for a clean text.
    /// </summary>
    public IReadOnlyList<ContaminationMatch> Find(string text)
    {
        var units = t_units ??= new UnitBuffer();
        DecontaminationNormalizer.Units(text, index.Parameters.Unit, units);
        List<ContaminationMatch>? matches = null;
        Dictionary<int, int>? open = null;
        var hashes = units.Hashes;
        int n = index.Parameters.N;
        Scan(units, hashes, n, ref matches, ref open);
        foreach (int length in index.ShortLengthArray)
            Scan(units, hashes, length, ref matches, ref open);
        units.Trim();
        if (matches == null)
            return [];
        matches.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Item.CompareTo(b.Item));
        return matches;
    }

    private void Scan(UnitBuffer units, ReadOnlySpan<ulong> hashes, int length,
        ref List<ContaminationMatch>? matches, ref Dictionary<int, int>? open)
    {
        Dictionary<int, int>? lastUnit = null;
        if (hashes.Length < length)
            return;
        var rolling = new NgramHash.Rolling(hashes[..length]);
        for (int i = 0; i + length <= hashes.Length; i++)
        {
            if (i > 0)
                rolling.Slide(hashes[i - 1], hashes[i + length - 1]);
            if (!(length == index.Parameters.N ? index.MayContain(rolling.Key) : index.MayContainShort(rolling.Key)))
                continue;
            var items = index.ItemsOf(rolling.Key);
            foreach (int item in items)
            {
                matches ??= [];
                open ??= [];
                lastUnit ??= [];
                int end = units.End(i + length - 1);
                if (open.TryGetValue(item, out int m) && lastUnit.TryGetValue(item, out int last) && last + length >= i)
                {
                    var run = matches[m];
                    matches[m] = run with { End = Math.Max(run.End, end), Ngrams = run.Ngrams + 1 };
                }
                else
                {
                    open[item] = matches.Count;
                    matches.Add(new ContaminationMatch(item, units.Start(i), end, units.Start(i), end, 1));
                }
                lastUnit[item] = i;
            }
        }
    }

    /// <summary>How many n-gram units (normalized words, or characters in character mode) <paramref name="text"/> has:
    /// a text shorter than <see cref="NgramIndexParameters.MinShortItemUnits"/> cannot be matched as a whole item.</summary>
    public int UnitCount(string text)
    {
        var units = t_units ??= new UnitBuffer();
        DecontaminationNormalizer.Units(text, index.Parameters.Unit, units);
        int count = units.Count;
        units.Trim();
        return count;
    }

    /// <summary>The normalized text of a match's first n-gram (what the index matched), for hit records.</summary>
    public static string MatchedNgram(string text, in ContaminationMatch match) =>
        DecontaminationNormalizer.Normalize(text.AsSpan(match.NgramStart, match.NgramEnd - match.NgramStart));
}
