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

    /// <summary>NFD decompositions of BMP characters (null: the character is its own decomposition), filled lazily.</summary>
    private static readonly string?[] Decompositions = new string?[0x10000];
    private static readonly bool[] DecompositionKnown = new bool[0x10000];

    /// <summary>The simplified text, as datatrove's <c>simplify_text</c> returns it.</summary>
    public static string Simplify(string text)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length * 2));
        try
        {
            int n = Simplify(text, ref buffer);
            return new string(buffer, 0, n);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes the simplified text into <paramref name="buffer"/> (a pooled array, replaced by a larger pooled one
    /// when needed) and returns its length. One pass: each character is lowercased, then whitespace runs collapse
    /// to one space, datatrove's punctuation is skipped, the rest is NFD-decomposed (per character: the same as
    /// whole-string NFD except for the reordering of combining marks, which are removed anyway), combining marks
    /// (Mn) are dropped and each run of decimal digits becomes <c>0</c> (punctuation and marks inside a number do not
    /// split it, as in datatrove where they are removed first). Supplementary-plane characters are lowercased but
    /// not decomposed.
    /// </summary>
    public static int Simplify(ReadOnlySpan<char> text, ref char[] buffer)
    {
        int n = 0;
        bool pendingSpace = false, inDigits = false, started = false, inSpaceRun = false;
        Span<char> pair = stackalloc char[2];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool wasSpaceRun = inSpaceRun;
            inSpaceRun = false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = Rune.ToLowerInvariant(new Rune(c, text[i + 1]));
                i++;
                if (Rune.IsWhiteSpace(rune))
                {
                    StartSpaceRun(ref buffer, ref n, ref pendingSpace, started, wasSpaceRun);
                    inSpaceRun = true;
                    inDigits = false;
                    continue;
                }
                if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
                    continue;
                int len = rune.EncodeToUtf16(pair);
                EmitSpace(ref buffer, ref n, ref pendingSpace, ref started);
                if (Rune.IsDigit(rune))
                {
                    if (!inDigits)
                        Append(ref buffer, ref n, '0');
                    inDigits = true;
                    continue;
                }
                inDigits = false;
                for (int k = 0; k < len; k++)
                    Append(ref buffer, ref n, pair[k]);
                continue;
            }
            c = char.ToLowerInvariant(c);
            if (IsPythonSpace(c))
            {
                StartSpaceRun(ref buffer, ref n, ref pendingSpace, started, wasSpaceRun);
                inSpaceRun = true;
                inDigits = false;
                continue;
            }
            if (Punctuation.Contains(c))
                continue;
            if (c < 0x80)
            {
                EmitSpace(ref buffer, ref n, ref pendingSpace, ref started);
                if (c is >= '0' and <= '9')
                {
                    if (!inDigits)
                        Append(ref buffer, ref n, '0');
                    inDigits = true;
                    continue;
                }
                inDigits = false;
                Append(ref buffer, ref n, c);
                continue;
            }
            string? decomposed = Decompose(c);
            if (decomposed == null)
                EmitDecomposed(ref buffer, ref n, ref pendingSpace, ref started, ref inDigits, c);
            else
                foreach (char d in decomposed)
                    EmitDecomposed(ref buffer, ref n, ref pendingSpace, ref started, ref inDigits, d);
        }
        while (n > 0 && buffer[n - 1] == ' ')
            n--;
        return n;
    }

    private static void EmitDecomposed(ref char[] buffer, ref int n, ref bool pendingSpace, ref bool started, ref bool inDigits, char d)
    {
        if (CharUnicodeInfo.GetUnicodeCategory(d) == UnicodeCategory.NonSpacingMark)
            return;
        EmitSpace(ref buffer, ref n, ref pendingSpace, ref started);
        if (char.IsDigit(d))
        {
            if (!inDigits)
                Append(ref buffer, ref n, '0');
            inDigits = true;
            return;
        }
        inDigits = false;
        Append(ref buffer, ref n, d);
    }

    /// <summary>Writes the space of a collapsed whitespace run before the next kept character. A run followed only
    /// by punctuation still yields its space, as in datatrove (collapse happens before punctuation removal): the
    /// space is emitted at the next kept character, or when the next whitespace run starts.</summary>
    private static void EmitSpace(ref char[] buffer, ref int n, ref bool pendingSpace, ref bool started)
    {
        started = true;
        if (!pendingSpace)
            return;
        pendingSpace = false;
        Append(ref buffer, ref n, ' ');
    }

    /// <summary>A whitespace character: a new run (not continuing one) first writes the space of an earlier run
    /// that only punctuation followed ("a - b" gives "a  b" as in datatrove).</summary>
    private static void StartSpaceRun(ref char[] buffer, ref int n, ref bool pendingSpace, bool started, bool continuing)
    {
        if (continuing)
            return;
        if (pendingSpace)
            Append(ref buffer, ref n, ' ');
        pendingSpace = started;
    }

    private static string? Decompose(char c)
    {
        if (DecompositionKnown[c])
            return Decompositions[c];
        string? result = null;
        if (!char.IsSurrogate(c))
        {
            string s = c.ToString();
            string d = s.Normalize(NormalizationForm.FormD);
            if (d != s)
                result = d;
        }
        Decompositions[c] = result;
        Volatile.Write(ref DecompositionKnown[c], true);
        return result;
    }

    private static void Append(ref char[] buffer, ref int n, char c)
    {
        if (n == buffer.Length)
        {
            var larger = ArrayPool<char>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, n).CopyTo(larger);
            ArrayPool<char>.Shared.Return(buffer);
            buffer = larger;
        }
        buffer[n++] = c;
    }
}
