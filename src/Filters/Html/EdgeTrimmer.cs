namespace YuLanData.Filters.Html;

/// <summary>
/// Removes short lines at the start and end of extracted content: bylines, dates, "Share", tag lists and photo
/// credits cling to the edges of an article body, while its prose lines are long and end in punctuation. At most
/// <see cref="MaxLinesPerEdge"/> lines go from each edge, and only lines under 30 characters, or under 60
/// without terminal punctuation. A short sentence (<see cref="MinSentenceWords"/> words or more ending in
/// <c>.</c>, <c>!</c>, <c>?</c> or <c>…</c>: "When I woke up, there was nothing.") is prose and stays, while a
/// label ending in a colon at the end ("Mehr zum Thema:", "You might also like:") introduces something that is
/// no longer there and goes whatever its length up to <see cref="MaxTrailingLabelChars"/>. So does a trailing
/// call to follow, subscribe or share under <see cref="MaxCallToActionChars"/> characters (a line naming a social
/// network, an app, a newsletter or subscription, or a copyright, or a blog engine's post footer: "Follow us on
/// Twitter and Instagram", "Download our app", "Subscribe to our newsletter", "© 2022 ...", "Posted in News"):
/// sites append these after the story, and the story does not end on one.
/// </summary>
internal static class EdgeTrimmer
{
    internal const int MaxLinesPerEdge = 3;

    /// <summary>Words of the shortest line that counts as a sentence when it ends like one.</summary>
    internal const int MinSentenceWords = 4;

    /// <summary>Longest trailing line ending in a colon that is dropped as a label.</summary>
    internal const int MaxTrailingLabelChars = 100;

    /// <summary>Longest trailing line naming a social network, subscription or copyright that is dropped.</summary>
    internal const int MaxCallToActionChars = 150;

    internal static string Trim(string text)
    {
        var lines = text.Split('\n');
        int first = 0, last = lines.Length - 1;
        for (int n = 0; n < MaxLinesPerEdge && first < last; n++)
        {
            first = SkipBlank(lines, first, 1);
            if (first > last || !IsClutter(lines[first])) break;
            first++;
        }
        first = SkipBlank(lines, first, 1);
        for (int n = 0; n < MaxLinesPerEdge && last > first; n++)
        {
            last = SkipBlank(lines, last, -1);
            if (last <= first || !(IsClutter(lines[last]) || IsTrailingLabel(lines[last]) || IsCallToAction(lines[last]))) break;
            last--;
        }
        last = SkipBlank(lines, last, -1);
        if (first > last) return "";
        // Leave a page that is nothing but short lines (a list, a table) as it is.
        int kept = 0;
        for (int i = first; i <= last; i++)
            if (!IsClutter(lines[i]) && lines[i].Trim().Length > 0) kept++;
        if (kept == 0) return text;
        return first == 0 && last == lines.Length - 1 ? text : string.Join('\n', lines, first, last - first + 1);
    }

    private static int SkipBlank(string[] lines, int i, int step)
    {
        while (i >= 0 && i < lines.Length && lines[i].Trim().Length == 0) i += step;
        return i;
    }

    private static bool IsClutter(string line)
    {
        string s = line.Trim();
        if (s.Length == 0 || s.StartsWith('#') || s.StartsWith('|') || s.StartsWith("```", StringComparison.Ordinal)) return false;
        if (IsShortSentence(s)) return false;
        int n = NodeStats.Count(s).Chars;
        if (n < 30) return true;
        return n < 60 && !(s[^1] is '.' or '!' or '?' or '"' or '”' or '“' or '»' or ':' or ';' or ')' or '。' or '！' or '？');
    }

    private static bool IsShortSentence(string s)
    {
        if (s[^1] is not ('.' or '!' or '?' or '…')) return false;
        int words = 0;
        bool inWord = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c)) inWord = false;
            else if (!inWord)
            {
                inWord = true;
                words++;
            }
        }
        return words >= MinSentenceWords;
    }

    private static bool IsTrailingLabel(string line)
    {
        string s = line.Trim();
        return s.Length > 0 && s[^1] is ':' or '：' && !s.StartsWith('#') && NodeStats.Count(s).Chars < MaxTrailingLabelChars;
    }

    private static bool IsCallToAction(string line)
    {
        string s = line.Trim();
        return s.Length > 0 && !s.StartsWith('#') && NodeStats.Count(s).Chars < MaxCallToActionChars && BoilerplatePatterns.IsTrailingCallToAction(s);
    }
}
