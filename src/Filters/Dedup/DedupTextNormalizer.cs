using System.Globalization;
using System.Buffers;
using System.Text;

namespace YuLanData.Filters.Dedup;

/// <summary>
/// datatrove's <c>simplify_text</c> (default <c>TextNormConfig</c>), in its order: lowercase; trim and collapse
/// whitespace runs to one space; remove datatrove's punctuation list (ASCII/CJK punctuation and control
/// characters); NFD and drop combining marks (category Mn); replace each run of decimal digits with <c>0</c>;
/// trim. Weekday and month-name normalization (off by default in datatrove) are not implemented.
/// Local to dedup until the shared text utilities land; the lead may point callers at the shared one.
/// </summary>
internal static class DedupTextNormalizer
{
    /// <summary>datatrove's PUNCTUATION string (utils/text.py): these characters are removed.</summary>
    private static readonly SearchValues<char> Punctuation = SearchValues.Create(BuildPunctuation());

    private static string BuildPunctuation()
    {
        var sb = new StringBuilder("!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»");
        foreach (var (a, b) in new[] { (0, 9), (11, 13), (13, 32), (127, 160) })
            for (int c = a; c < b; c++)
                sb.Append((char)c);
        return sb.ToString();
    }

    /// <summary>Python's <c>str.isspace</c> (what <c>\s</c> matches in a str regex): .NET whitespace plus U+001C..U+001F.</summary>
    private static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || (c >= '\x1c' && c <= '\x1f');

    /// <summary>The simplified text, as datatrove's <c>simplify_text</c> returns it.</summary>
    public static string Simplify(string text)
    {
        string lower = text.ToLowerInvariant();
        // trim, collapse whitespace runs to ' ', then drop punctuation: a space survives next to removed punctuation
        // (so "a - b" becomes "a  b" as in datatrove).
        var span = lower.AsSpan();
        int start = 0, end = span.Length;
        while (start < end && IsPythonSpace(span[start]))
            start++;
        while (end > start && IsPythonSpace(span[end - 1]))
            end--;
        var sb = new StringBuilder(end - start);
        bool inSpace = false;
        bool ascii = true;
        for (int i = start; i < end; i++)
        {
            char c = span[i];
            if (IsPythonSpace(c))
            {
                if (!inSpace)
                    sb.Append(' ');
                inSpace = true;
                continue;
            }
            inSpace = false;
            if (Punctuation.Contains(c))
                continue;
            if (c >= 0x80)
                ascii = false;
            sb.Append(c);
        }
        string stage = sb.ToString();
        if (!ascii)
            stage = stage.Normalize(NormalizationForm.FormD);
        sb.Clear();
        bool inDigits = false;
        foreach (char c in stage)
        {
            if (!ascii && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsDigit(c))
            {
                if (!inDigits)
                    sb.Append('0');
                inDigits = true;
                continue;
            }
            inDigits = false;
            sb.Append(c);
        }
        return sb.ToString().Trim(' ');
    }
}
