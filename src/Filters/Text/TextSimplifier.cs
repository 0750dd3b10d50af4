using System.Buffers;
using System.Globalization;
using System.Text;

namespace YuLanData.Filters.Text;

/// <summary>
/// datatrove's <c>simplify_text</c>: the normalization used to match text between documents
/// (dedup, decontamination). With the default options, in this order: Python <c>lower()</c>; every number
/// <c>\p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)?</c> becomes <c>0</c>; every <c>PUNCTUATION</c> character becomes a space;
/// strip, and collapse whitespace runs to one space; NFD and drop nonspacing marks (Mn); strip.
/// </summary>
/// <remarks>Differences from CPython: lowercasing is per code point (.NET invariant simple case mapping) except
/// that U+0130 maps to "i\u0307" and a capital sigma at a word end maps to final sigma, as CPython does; other
/// multi-character lowercase mappings (none exist for common scripts) are not applied. The Unicode version is .NET's.
/// The default options run in one pass over the text (see <see cref="Simplify(ReadOnlySpan{char}, ref char[])"/>);
/// other options run the steps one after another.</remarks>
public static partial class TextSimplifier
{
    private static readonly string[] Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>Simplifies <paramref name="text"/> with datatrove's default options.</summary>
    /// <param name="text">The text to normalize.</param>
    public static string Simplify(ReadOnlySpan<char> text)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(text.Length + 16);
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

    /// <summary>Simplifies <paramref name="text"/> with the given steps.</summary>
    /// <param name="text">The text to normalize.</param>
    /// <param name="options">Which normalization steps to apply.</param>
    public static string Simplify(ReadOnlySpan<char> text, TextNormOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options == TextNormOptions.Default ? Simplify(text) : SimplifyByStages(text, options);
    }

    /// <summary>Applies the enabled steps one after another, each over the whole text, as datatrove does: the
    /// definition that the one-pass default path must reproduce (the tests compare the two), and its fallback.</summary>
    /// <param name="text">The text to normalize.</param>
    /// <param name="options">Which normalization steps to apply.</param>
    internal static string SimplifyByStages(ReadOnlySpan<char> text, TextNormOptions options)
    {
        char[] a = ArrayPool<char>.Shared.Rent(text.Length * 2 + 16);
        char[] b = ArrayPool<char>.Shared.Rent(text.Length * 2 + 16);
        try
        {
            int n = options.Lowercase ? Lower(text, ref a) : Copy(text, ref a);
            if (options.NormNumbers) { n = Numbers(a.AsSpan(0, n), ref b); (a, b) = (b, a); }
            if (options.NormWeekdays) { n = ReplaceAll(a.AsSpan(0, n), Weekdays, "WEEKDAY", ref b); (a, b) = (b, a); }
            if (options.NormMonthnames) { n = ReplaceAll(a.AsSpan(0, n), Months, "MONTH", ref b); (a, b) = (b, a); }
            if (options.RemovePunctuation)
                for (int i = 0; i < n; i++)
                    if (DatatrovePunctuation.IsPunctuation(a[i])) a[i] = ' ';
            if (options.NormWhitespace) n = CollapseWhitespace(a.AsSpan(0, n));
            ReadOnlySpan<char> result = a.AsSpan(0, n);
            string s;
            if (options.NormUnicodeDiacritics && !Ascii.IsValid(result))
                s = StripNonspacingMarks(result.ToString().Normalize(NormalizationForm.FormD));
            else
                s = result.ToString();
            ReadOnlySpan<char> stripped = PyText.Strip(s);
            return stripped.Length == s.Length ? s : stripped.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(a);
            ArrayPool<char>.Shared.Return(b);
        }
    }

    private static void Ensure(ref char[] buffer, int needed)
    {
        if (needed <= buffer.Length) return;
        char[] bigger = ArrayPool<char>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.CopyTo(bigger, 0);
        ArrayPool<char>.Shared.Return(buffer);
        buffer = bigger;
    }

    private static int Copy(ReadOnlySpan<char> text, ref char[] dst)
    {
        Ensure(ref dst, text.Length);
        text.CopyTo(dst);
        return text.Length;
    }

    private static int Lower(ReadOnlySpan<char> text, ref char[] dst)
    {
        Ensure(ref dst, text.Length * 2);
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80) { dst[n++] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c; continue; }
            if (c == '\u0130') { dst[n++] = 'i'; dst[n++] = '\u0307'; continue; }
            if (c == '\u03A3') { dst[n++] = IsFinalSigma(text, i) ? '\u03C2' : '\u03C3'; continue; }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var lower = Rune.ToLowerInvariant(new Rune(c, text[i + 1]));
                n += lower.EncodeToUtf16(dst.AsSpan(n));
                i++;
                continue;
            }
            dst[n++] = char.ToLowerInvariant(c);
        }
        return n;
    }

    // CPython's Final_Sigma: preceded by a cased letter and not followed by one (case-ignorable characters skipped).
    private static bool IsFinalSigma(ReadOnlySpan<char> text, int i)
    {
        int j = i - 1;
        while (j >= 0 && IsCaseIgnorable(text[j])) j--;
        if (j < 0 || !IsCased(text[j])) return false;
        j = i + 1;
        while (j < text.Length && IsCaseIgnorable(text[j])) j++;
        return j >= text.Length || !IsCased(text[j]);
    }

    private static bool IsCased(char c) => char.IsUpper(c) || char.IsLower(c) ||
                                          CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c) => c is '\'' or '.' or ':' or '^' or '`' or '\u00AD' or '\u2019' ||
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;

    private static bool IsDecimalSeparator(char c) => c is '.' or ',' or '\u060C' or '\u066B' or '\u2396' or '\u2397' or '\u2398';

    // Length in UTF-16 units of the decimal digit (Nd) at i, or 0.
    private static int DigitLength(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c < 0x80) return (uint)(c - '0') <= 9 ? 1 : 0;
        if (!char.IsSurrogate(c)) return CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber ? 1 : 0;
        return PyText.CategoryAt(s, i) == UnicodeCategory.DecimalDigitNumber ? 2 : 0;
    }

    // The index just past the number that starts with the digit at i (digits, then optionally one decimal
    // separator followed by digits).
    private static int SkipNumber(ReadOnlySpan<char> s, int i)
    {
        int d;
        while (i < s.Length && (d = DigitLength(s, i)) > 0) i += d;
        if (i + 1 < s.Length && IsDecimalSeparator(s[i]) && DigitLength(s, i + 1) > 0)
        {
            i++;
            while (i < s.Length && (d = DigitLength(s, i)) > 0) i += d;
        }
        return i;
    }

    private static int Numbers(ReadOnlySpan<char> src, ref char[] dst)
    {
        Ensure(ref dst, src.Length);
        int n = 0, i = 0;
        while (i < src.Length)
        {
            if (DigitLength(src, i) == 0) { dst[n++] = src[i++]; continue; }
            i = SkipNumber(src, i);
            dst[n++] = '0';
        }
        return n;
    }

    private static int ReplaceAll(ReadOnlySpan<char> src, string[] words, string replacement, ref char[] dst)
    {
        Ensure(ref dst, src.Length * 2 + 8);
        int n = 0, i = 0;
        while (i < src.Length)
        {
            string? hit = null;
            foreach (string w in words)
                if (src[i..].StartsWith(w, StringComparison.Ordinal)) { hit = w; break; }
            if (hit is null) { dst[n++] = src[i++]; continue; }
            replacement.CopyTo(dst.AsSpan(n));
            n += replacement.Length;
            i += hit.Length;
        }
        return n;
    }

    // Python: WHITESPACE_PATTERN.sub(" ", text.strip()) in place; returns the new length.
    private static int CollapseWhitespace(Span<char> s)
    {
        ReadOnlySpan<char> trimmed = PyText.Strip(s);
        int start = s.Length - PyText.LStrip(s).Length;
        int end = start + trimmed.Length;
        int n = 0;
        bool inSpace = false;
        for (int i = start; i < end; i++)
        {
            char c = s[i];
            if (PyText.IsSpace(c))
            {
                if (!inSpace) s[n++] = ' ';
                inSpace = true;
            }
            else
            {
                s[n++] = c;
                inSpace = false;
            }
        }
        return n;
    }

    private static string StripNonspacingMarks(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (PyText.CategoryAt(s, i) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(s[i]);
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length) sb.Append(s[++i]);
            }
            else if (char.IsHighSurrogate(s[i])) i++;
        }
        return sb.ToString();
    }
}
