namespace YuLanData.Filters.Dedup;

/// <summary>
/// How much of a text reads as prose rather than page furniture (menus, link lists, share buttons, bylines): the
/// share of its non-blank characters that sit in lines which end like a sentence and are long enough to be one.
/// A general measure, used to choose which copy of a near-duplicate cluster survives: of two extractions of one
/// page, the one with less navigation and boilerplate scores higher.
/// </summary>
public static class TextCleanliness
{
    /// <summary>Lines with fewer whitespace-separated words than this are not sentences (menu items, headings).</summary>
    private const int MinWords = 4;

    /// <summary>The same for lines in scripts written without spaces (CJK): at least this many characters.</summary>
    private const int MinCharsWithoutSpaces = 8;

    /// <summary>The score in [0, 1], rounded to 1/100 so that copies differing by a few words tie (and fall back
    /// to the next rule) instead of being ordered by noise; 0 for a text without non-blank lines.</summary>
    /// <param name="text">The document text; lines are separated by '\n'.</param>
    public static double Score(ReadOnlySpan<char> text)
    {
        long total = 0, prose = 0;
        foreach (var range in text.Split('\n'))
        {
            var line = text[range].Trim();
            if (line.IsEmpty)
                continue;
            total += line.Length;
            if (EndsLikeSentence(line) && LongEnough(line))
                prose += line.Length;
        }
        return total == 0 ? 0 : Math.Round(100.0 * prose / total) / 100;
    }

    private static bool EndsLikeSentence(ReadOnlySpan<char> line)
    {
        // Closing quotes and brackets may follow the sentence's final mark.
        var end = line.TrimEnd("\"'”’»)]」』）");
        if (end.IsEmpty)
            return false;
        return end[^1] is '.' or '!' or '?' or '…' or '。' or '！' or '？' or '｡';
    }

    private static bool LongEnough(ReadOnlySpan<char> line)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in line)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord)
                words++;
            inWord = !space;
        }
        return words >= MinWords || (words < MinWords && line.Length >= MinCharsWithoutSpaces && HasWideScript(line));
    }

    private static bool HasWideScript(ReadOnlySpan<char> line)
    {
        foreach (char c in line)
            if (c is >= '\u3040' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF')
                return true;
        return false;
    }
}
