namespace YuLanData.Filters.Decontamination;

/// <summary>
/// NeMo Curator style removal: cuts a window of characters on each side of every match out of a document and
/// keeps the remaining fragments that are long enough.
/// </summary>
public static class ContaminationCutter
{
    /// <summary>Cuts the matches out of <paramref name="text"/>.</summary>
    /// <param name="text">The document text.</param>
    /// <param name="matches">The matches found in it.</param>
    /// <param name="window">Characters removed on each side of a match.</param>
    /// <param name="minFragment">Fragments shorter than this many characters (after trimming whitespace) are dropped.</param>
    /// <returns>The kept fragments in order, and the number of cuts (removed stretches, after merging overlaps).</returns>
    public static (List<string> Fragments, int Cuts) Cut(string text, IReadOnlyList<ContaminationMatch> matches, int window, int minFragment)
    {
        var spans = matches.Select(m => (Start: Math.Max(0, m.Start - window), End: (int)Math.Min(text.Length, (long)m.End + window)))
            .OrderBy(s => s.Start).ToList();
        var fragments = new List<string>();
        int cuts = 0, position = 0;
        for (int i = 0; i < spans.Count;)
        {
            int start = spans[i].Start, end = spans[i].End;
            int j = i + 1;
            while (j < spans.Count && spans[j].Start <= end)
                end = Math.Max(end, spans[j++].End);
            Keep(text, position, start, minFragment, fragments);
            cuts++;
            position = end;
            i = j;
        }
        Keep(text, position, text.Length, minFragment, fragments);
        return (fragments, cuts);
    }

    private static void Keep(string text, int start, int end, int minFragment, List<string> fragments)
    {
        if (end <= start)
            return;
        var fragment = text.AsSpan(start, end - start).Trim();
        if (fragment.Length >= minFragment && fragment.Length > 0)
            fragments.Add(fragment.ToString());
    }
}
