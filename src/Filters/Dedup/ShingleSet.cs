namespace YuLanData.Filters.Dedup;

/// <summary>A document's distinct shingle hashes, sorted, for exact Jaccard similarity.</summary>
public static class ShingleSet
{
    /// <summary>The sorted distinct values of <paramref name="shingles"/>.</summary>
    public static ulong[] Of(ulong[] shingles)
    {
        var copy = (ulong[])shingles.Clone();
        Array.Sort(copy);
        int n = 0;
        for (int i = 0; i < copy.Length; i++)
            if (i == 0 || copy[i] != copy[i - 1])
                copy[n++] = copy[i];
        return copy[..n];
    }

    /// <summary>|A ∩ B| / |A ∪ B| of two sorted distinct sets; 0 when both are empty.</summary>
    public static double Jaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
                i++;
            else
                j++;
        }
        int union = a.Length + b.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }
}
