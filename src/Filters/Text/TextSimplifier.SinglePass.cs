using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace YuLanData.Filters.Text;

public static partial class TextSimplifier
{
    /// <summary>ASCII characters that datatrove's steps turn into a space: <c>PUNCTUATION</c> or Python whitespace.</summary>
    private static readonly bool[] AsciiGap = BuildAsciiGap();

    /// <summary>NFD of BMP characters (null: the character is its own NFD), filled lazily.</summary>
    private static readonly string?[] BmpDecompositions = new string?[0x10000];

    private static readonly bool[] BmpDecompositionKnown = new bool[0x10000];

    /// <summary>NFD of supplementary-plane code points seen so far (null: its own NFD).</summary>
    private static readonly ConcurrentDictionary<int, string?> AstralDecompositions = new();

    private static bool[] BuildAsciiGap()
    {
        var gap = new bool[0x80];
        for (int c = 0; c < gap.Length; c++)
            gap[c] = DatatrovePunctuation.IsPunctuation((char)c) || PyText.IsSpace((char)c);
        return gap;
    }

    /// <summary>
    /// Writes datatrove's <c>simplify_text</c> of <paramref name="text"/> (default options) into
    /// <paramref name="buffer"/> and returns its length; the same result as <see cref="Simplify(ReadOnlySpan{char})"/>
    /// without allocating a string. One pass: each character is lowercased; a number becomes <c>0</c>;
    /// punctuation and whitespace runs become one space; everything else is NFD-decomposed with its nonspacing marks
    /// dropped. A mark still ends a whitespace run, as in datatrove, where marks are dropped after whitespace is
    /// collapsed ("a \u0301 b" gives two spaces).
    /// </summary>
    /// <param name="text">The text to normalize.</param>
    /// <param name="buffer">An array rented from <see cref="ArrayPool{T}.Shared"/>; when the result does not fit it is
    /// returned to the pool and replaced by a larger rented array, which the caller then owns.</param>
    /// <returns>The number of characters of the result at the start of <paramref name="buffer"/>.</returns>
    public static int Simplify(ReadOnlySpan<char> text, ref char[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Ensure(ref buffer, text.Length + 16);
        int n = SinglePass(text, ref buffer);
        if (n >= 0)
            return n;
        // A spacing mark with a nonzero combining class: whole-string NFD may reorder it, so take the exact path.
        string s = SimplifyByStages(text, TextNormOptions.Default);
        Ensure(ref buffer, s.Length);
        s.CopyTo(buffer);
        return s.Length;
    }

    // The one-pass default simplification; -1 when the text needs canonical reordering (see Simplify).
    private static int SinglePass(ReadOnlySpan<char> text, ref char[] buffer)
    {
        int n = 0;
        bool inGap = false; // the previous character (before marks are dropped) was punctuation or whitespace
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c < 0x80)
            {
                if ((uint)(c - '0') <= 9)
                {
                    i = SkipNumber(text, i);
                    Append(ref buffer, ref n, '0');
                    inGap = false;
                }
                else if (AsciiGap[c])
                {
                    if (!inGap && n > 0) Append(ref buffer, ref n, ' ');
                    inGap = true;
                    i++;
                }
                else
                {
                    Append(ref buffer, ref n, (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c);
                    inGap = false;
                    i++;
                }
                continue;
            }
            if (DigitLength(text, i) > 0)
            {
                i = SkipNumber(text, i);
                Append(ref buffer, ref n, '0');
                inGap = false;
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // No supplementary code point is whitespace or in PUNCTUATION.
                Rune lower = Rune.ToLowerInvariant(new Rune(c, text[i + 1]));
                i += 2;
                inGap = false;
                string? decomposed = AstralDecompositions.GetOrAdd(lower.Value, static v => DecompositionOf(new Rune(v).ToString()));
                if (decomposed is null)
                {
                    if (!AppendUnlessMark(ref buffer, ref n, lower)) return -1;
                }
                else if (!AppendDecomposed(ref buffer, ref n, decomposed)) return -1;
                continue;
            }
            char lc = c switch
            {
                '\u0130' => 'i', // CPython: "i\u0307"; the dot is a nonspacing mark, dropped by the NFD step
                '\u03A3' => IsFinalSigma(text, i) ? '\u03C2' : '\u03C3',
                _ => char.ToLowerInvariant(c),
            };
            i++;
            if (DatatrovePunctuation.IsPunctuation(lc) || PyText.IsSpace(lc))
            {
                if (!inGap && n > 0) Append(ref buffer, ref n, ' ');
                inGap = true;
                continue;
            }
            inGap = false;
            if (char.IsSurrogate(lc))
            {
                Append(ref buffer, ref n, lc); // unpaired surrogate: kept as is
                continue;
            }
            string? d = BmpDecomposition(lc);
            if (d is null)
            {
                if (!AppendUnlessMark(ref buffer, ref n, new Rune(lc))) return -1;
            }
            else if (!AppendDecomposed(ref buffer, ref n, d)) return -1;
        }
        while (n > 0 && buffer[n - 1] == ' ') n--;
        return n;
    }

    private static string? BmpDecomposition(char c)
    {
        if (Volatile.Read(ref BmpDecompositionKnown[c]))
            return BmpDecompositions[c];
        string? d = DecompositionOf(c.ToString());
        BmpDecompositions[c] = d;
        Volatile.Write(ref BmpDecompositionKnown[c], true);
        return d;
    }

    private static string? DecompositionOf(string s)
    {
        string d = s.Normalize(NormalizationForm.FormD);
        return d == s ? null : d;
    }

    // Appends the code points of a (fully decomposed) string that are not nonspacing marks; false when one of them
    // needs canonical reordering.
    private static bool AppendDecomposed(ref char[] buffer, ref int n, string decomposed)
    {
        for (int k = 0; k < decomposed.Length;)
        {
            Rune.DecodeFromUtf16(decomposed.AsSpan(k), out Rune r, out int used);
            k += used;
            if (!AppendUnlessMark(ref buffer, ref n, r)) return false;
        }
        return true;
    }

    private static bool AppendUnlessMark(ref char[] buffer, ref int n, Rune r)
    {
        UnicodeCategory category = Rune.GetUnicodeCategory(r);
        if (category == UnicodeCategory.NonSpacingMark) return true;
        if (category == UnicodeCategory.SpacingCombiningMark && ReorderableSpacingMarks.Set.Contains(r.Value)) return false;
        if (n + 2 > buffer.Length) Ensure(ref buffer, n + 2);
        n += r.EncodeToUtf16(buffer.AsSpan(n));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Append(ref char[] buffer, ref int n, char c)
    {
        if ((uint)n >= (uint)buffer.Length) Ensure(ref buffer, n + 1);
        buffer[n++] = c;
    }

    /// <summary>Spacing combining marks (Mc) with a nonzero canonical combining class: NFD of a whole string may
    /// move them past other marks, which per-character decomposition does not do. Found by asking .NET's NFD
    /// whether the mark changes places with U+0334 (class 1) or U+0345 (class 240). Built on first use.</summary>
    private static class ReorderableSpacingMarks
    {
        public static readonly FrozenSet<int> Set = Build();

        private static FrozenSet<int> Build()
        {
            var set = new HashSet<int>();
            for (int cp = 0; cp <= 0x10FFFF; cp++)
            {
                if (cp is >= 0xD800 and <= 0xDFFF) continue;
                var r = new Rune(cp);
                if (Rune.GetUnicodeCategory(r) != UnicodeCategory.SpacingCombiningMark) continue;
                string m = r.ToString();
                if (!m.IsNormalized(NormalizationForm.FormD)) continue; // only decomposed characters are ever appended
                if (("a" + m + "\u0334").Normalize(NormalizationForm.FormD) != "a" + m + "\u0334" ||
                    ("a\u0345" + m).Normalize(NormalizationForm.FormD) != "a\u0345" + m)
                    set.Add(cp);
            }
            return set.ToFrozenSet();
        }
    }
}
