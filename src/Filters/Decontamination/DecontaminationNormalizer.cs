using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace YuLanData.Filters.Decontamination;

/// <summary>
/// The text normalization decontamination matches on, with datatrove <c>simplify_text</c> semantics: lowercase,
/// diacritics folded (NFD, combining marks removed), every number collapsed to <c>0</c> (a digit run, including
/// <c>,</c> or <c>.</c> between digits, so <c>1,000</c>, <c>1000</c> and <c>3.5</c> all become <c>0</c>), punctuation,
/// symbols and whitespace all act as one word separator. Words are maximal runs of letters, digits and marks, except in
/// scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar): there every character is a word
/// of its own, so word n-grams of Chinese or Japanese text are character n-grams. Full-width ASCII forms
/// (<c>ＡＢＣ１２３</c>, common in Chinese text) fold to their ASCII letters and digits.
/// </summary>
/// <remarks>
/// Punctuation separates words rather than being deleted, so <c>a+b</c> and <c>a + b</c>, or <c>well-known</c> and
/// <c>well known</c>, give the same words; this is what makes word n-grams of code survive reformatting.
/// The folding is a table over the Basic Multilingual Plane built once; characters outside it (emoji, rare
/// scripts) are separators. <see cref="Version"/> is stored in every index, so an index built by a different
/// normalization is refused instead of silently matching nothing.
/// </remarks>
internal static class DecontaminationNormalizer
{
    /// <summary>Changes whenever the output of this class changes for any input.</summary>
    public const int Version = 2;

    private const uint Separator = 0, Letter = 1, Digit = 2, Mark = 3, Ideograph = 4;

    /// <summary>Per UTF-16 code unit: 0 when not classified yet, else <c>Computed | kind &lt;&lt; 16 | folded char</c>.
    /// Filled lazily (ICU's NFD is slow enough that classifying all 65,536 units up front costs about a second);
    /// racing threads write the same 32-bit value, so the table needs no lock.</summary>
    private static readonly uint[] Table = new uint[65536];

    private const uint Computed = 1u << 31;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Classify(char c)
    {
        uint entry = Table[c];
        return entry != 0 ? entry : ClassifySlow(c);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint ClassifySlow(char c)
    {
        uint kind = Separator, fold = 0;
        char source = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c; // full-width ASCII
        if (!char.IsSurrogate(source))
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(source))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                    kind = Mark;
                    break;
                case UnicodeCategory.DecimalDigitNumber:
                    kind = Digit;
                    fold = '0';
                    break;
                case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter:
                    kind = IsUnspacedScript(source) ? Ideograph : Letter;
                    fold = source < 0x80 ? char.ToLowerInvariant(source) : BaseLetter(char.ToLowerInvariant(source));
                    break;
            }
        }
        uint entry = Computed | kind << 16 | fold;
        Table[c] = entry;
        return entry;
    }

    /// <summary>Letters of scripts written without spaces between words, where a run of letters is a phrase or a
    /// sentence rather than a word: each becomes a word by itself.</summary>
    internal static bool IsUnspacedScript(char c) => c is
        (>= '\u3040' and <= '\u30FF') // Hiragana, Katakana
        or (>= '\u31F0' and <= '\u31FF') // Katakana phonetic extensions
        or (>= '\u3400' and <= '\u4DBF') // CJK extension A
        or (>= '\u4E00' and <= '\u9FFF') // CJK unified ideographs
        or (>= '\uF900' and <= '\uFAFF') // CJK compatibility ideographs
        or (>= '\uFF66' and <= '\uFF9D') // half-width Katakana
        or (>= '\u0E00' and <= '\u0EFF') // Thai, Lao
        or (>= '\u1000' and <= '\u109F') // Myanmar
        or (>= '\u1780' and <= '\u17FF'); // Khmer

    private static char BaseLetter(char lower)
    {
        string decomposed;
        try
        {
            decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return lower;
        }
        foreach (char d in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(d);
            if (category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
                return char.ToLowerInvariant(d);
        }
        return lower;
    }

    /// <summary>Receives the words of a text as they are scanned.</summary>
    internal interface IWordSink
    {
        /// <summary>A word starts at original offset <paramref name="start"/>.</summary>
        void Begin(int start);

        /// <summary>The next folded character of the current word; <paramref name="start"/>..<paramref name="end"/> is
        /// the original text it came from (a whole number for <c>0</c>).</summary>
        void Char(char folded, int start, int end);

        /// <summary>The current word ends before original offset <paramref name="end"/>.</summary>
        void End(int end);
    }

    /// <summary>Scans <paramref name="text"/> once, reporting every normalized word to <paramref name="sink"/>.</summary>
    public static void Scan<TSink>(ReadOnlySpan<char> text, ref TSink sink) where TSink : struct, IWordSink
    {
        bool inWord = false;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            uint entry = Classify(c);
            uint kind = (entry >> 16) & 0xFF;
            if (kind == Separator)
            {
                if (inWord)
                {
                    sink.End(i);
                    inWord = false;
                }
                i++;
                continue;
            }
            if (kind == Mark)
            {
                i++;
                continue;
            }
            if (kind == Ideograph)
            {
                if (inWord)
                    sink.End(i);
                sink.Begin(i);
                sink.Char((char)entry, i, i + 1);
                sink.End(i + 1);
                inWord = false;
                i++;
                continue;
            }
            if (!inWord)
            {
                sink.Begin(i);
                inWord = true;
            }
            if (kind == Letter)
            {
                sink.Char((char)entry, i, i + 1);
                i++;
                continue;
            }
            int numberStart = i;
            i++;
            while (i < text.Length)
            {
                char d = text[i];
                if (KindOf(d) == Digit || (d is ',' or '.' && i + 1 < text.Length && KindOf(text[i + 1]) == Digit))
                    i++;
                else
                    break;
            }
            sink.Char('0', numberStart, i);
        }
        if (inWord)
            sink.End(text.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint KindOf(char c) => (Classify(c) >> 16) & 0xFF;

    /// <summary>The normalized text: words joined by single spaces (for display, tests and hit records).</summary>
    public static string Normalize(ReadOnlySpan<char> text)
    {
        var sink = new StringSink(new StringBuilder(text.Length));
        Scan(text, ref sink);
        return sink.Builder.ToString();
    }

    /// <summary>Splits <paramref name="text"/> into n-gram units (hash and original span of each) into <paramref name="units"/>.</summary>
    public static void Units(ReadOnlySpan<char> text, NgramUnit unit, UnitBuffer units)
    {
        units.Clear();
        if (unit == NgramUnit.Words)
        {
            var sink = new WordHashSink(units);
            Scan(text, ref sink);
        }
        else
        {
            var sink = new CharUnitSink(units);
            Scan(text, ref sink);
        }
    }

    /// <summary>The unit hash of a number (the word <c>0</c>) in word mode.</summary>
    internal static readonly ulong NumberWordHash = Mix(unchecked((14695981039346656037UL ^ (ulong)'0') * 1099511628211UL));

    /// <summary>The unit hash of a number (the character <c>0</c>) in character mode.</summary>
    internal static readonly ulong NumberCharHash = Mix('0' + 0x9E3779B97F4A7C15UL);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        x ^= x >> 31;
        return x;
    }

    private struct StringSink(StringBuilder builder) : IWordSink
    {
        public readonly StringBuilder Builder => builder;

        public readonly void Begin(int start)
        {
            if (builder.Length > 0)
                builder.Append(' ');
        }

        public readonly void Char(char folded, int start, int end) => builder.Append(folded);

        public readonly void End(int end)
        {
        }
    }

    private struct WordHashSink(UnitBuffer units) : IWordSink
    {
        private const ulong FnvOffset = 14695981039346656037UL, FnvPrime = 1099511628211UL;
        private ulong _hash;
        private int _start;

        public void Begin(int start)
        {
            _start = start;
            _hash = FnvOffset;
        }

        public void Char(char folded, int start, int end) => _hash = (_hash ^ folded) * FnvPrime;

        public readonly void End(int end) => units.Add(Mix(_hash), _start, end);
    }

    private readonly struct CharUnitSink(UnitBuffer units) : IWordSink
    {
        public void Begin(int start)
        {
        }

        public void Char(char folded, int start, int end) => units.Add(Mix(folded + 0x9E3779B97F4A7C15UL), start, end);

        public void End(int end)
        {
        }
    }
}
