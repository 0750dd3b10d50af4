using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace YuLanData.Filters.Text;

/// <summary>
/// Python <c>str</c> semantics that the datatrove reference filters rely on, on UTF-16 spans:
/// <c>str.isspace</c>, <c>str.strip</c>, <c>len</c> in code points, <c>str.isalpha</c> and
/// <c>str.splitlines</c> boundaries.
/// </summary>
public static class PyText
{
    /// <summary>Python's <c>str.isspace()</c> for one UTF-16 unit: Unicode White_Space plus the
    /// information separators U+001C..U+001F, which Python also treats as whitespace.</summary>
    /// <param name="c">The character to test.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(char c) =>
        c <= ' ' ? (c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f')) : c >= '\x85' && char.IsWhiteSpace(c);

    /// <summary>Python's <c>str.strip()</c> with no argument (removes <see cref="IsSpace"/> characters from both ends).</summary>
    /// <param name="s">The text to strip.</param>
    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>Python's <c>str.lstrip()</c>.</summary>
    /// <param name="s">The text to strip on the left.</param>
    public static ReadOnlySpan<char> LStrip(ReadOnlySpan<char> s)
    {
        int start = 0;
        while (start < s.Length && IsSpace(s[start])) start++;
        return s[start..];
    }

    /// <summary>Python's <c>str.rstrip()</c>.</summary>
    /// <param name="s">The text to strip on the right.</param>
    public static ReadOnlySpan<char> RStrip(ReadOnlySpan<char> s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1])) end--;
        return s[..end];
    }

    /// <summary>True when <paramref name="s"/> is empty or all <see cref="IsSpace"/> (Python: <c>s.strip() == ""</c>).</summary>
    /// <param name="s">The text to test.</param>
    public static bool IsBlank(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (!IsSpace(c)) return false;
        return true;
    }

    /// <summary>Python's <c>len()</c>: the number of Unicode code points (a surrogate pair counts once).</summary>
    /// <param name="s">The text to measure.</param>
    public static int CodePointLength(ReadOnlySpan<char> s)
    {
        int low = 0;
        foreach (char c in s)
            if ((uint)(c - 0xDC00) <= 0x3FF) low++;
        return s.Length - low;
    }

    /// <summary>Python's <c>str.isalpha()</c> for the code point that starts at <paramref name="index"/>
    /// (Unicode categories Lu, Ll, Lt, Lm, Lo).</summary>
    /// <param name="s">The text.</param>
    /// <param name="index">Index of a UTF-16 unit; a high surrogate is decoded together with its low surrogate.</param>
    public static bool IsAlphaAt(ReadOnlySpan<char> s, int index)
    {
        char c = s[index];
        if (c < 0x80) return (uint)((c | 0x20) - 'a') <= 'z' - 'a';
        if (!char.IsSurrogate(c)) return char.IsLetter(c);
        return Rune.DecodeFromUtf16(s[index..], out Rune r, out _) == OperationStatus.Done && Rune.IsLetter(r);
    }

    /// <summary>True when any code point of <paramref name="s"/> is alphabetic (Python: <c>any(c.isalpha() for c in s)</c>).</summary>
    /// <param name="s">The text to test.</param>
    public static bool AnyAlpha(ReadOnlySpan<char> s)
    {
        for (int i = 0; i < s.Length; i++)
            if (IsAlphaAt(s, i)) return true;
        return false;
    }

    /// <summary>True when <paramref name="c"/> ends a line for Python's <c>str.splitlines()</c>:
    /// \n, \r, \v, \f, U+001C, U+001D, U+001E, U+0085, U+2028, U+2029.</summary>
    /// <param name="c">The character to test.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLineBoundary(char c) =>
        c <= '\r' ? c >= '\n' : (c >= '\x1c' && c <= '\x1e') || c == '\x85' || c == '\u2028' || c == '\u2029';

    /// <summary>Enumerates the lines of Python's <c>str.splitlines()</c> (without their line ends; \r\n is one boundary;
    /// no empty last line after a final line end).</summary>
    /// <param name="text">The text to split.</param>
    public static SplitLinesEnumerator SplitLines(ReadOnlySpan<char> text) => new(text);

    /// <summary>Number of lines <see cref="SplitLines"/> yields (Python: <c>len(text.splitlines())</c>).</summary>
    /// <param name="text">The text to split.</param>
    public static int CountSplitLines(ReadOnlySpan<char> text)
    {
        int n = 0;
        foreach (var _ in SplitLines(text)) n++;
        return n;
    }

    /// <summary>The Unicode general category of the code point at <paramref name="index"/>.</summary>
    /// <param name="s">The text.</param>
    /// <param name="index">Index of a UTF-16 unit (a high surrogate is decoded with its pair).</param>
    public static UnicodeCategory CategoryAt(ReadOnlySpan<char> s, int index)
    {
        char c = s[index];
        if (!char.IsSurrogate(c)) return CharUnicodeInfo.GetUnicodeCategory(c);
        return Rune.DecodeFromUtf16(s[index..], out Rune r, out _) == OperationStatus.Done
            ? Rune.GetUnicodeCategory(r)
            : UnicodeCategory.Surrogate;
    }
}

/// <summary>Allocation-free enumerator of Python <c>str.splitlines()</c> lines; see <see cref="PyText.SplitLines"/>.</summary>
public ref struct SplitLinesEnumerator
{
    private readonly ReadOnlySpan<char> _text;
    private int _next;
    private ReadOnlySpan<char> _current;

    /// <summary>Creates an enumerator over <paramref name="text"/>.</summary>
    /// <param name="text">The text to split.</param>
    public SplitLinesEnumerator(ReadOnlySpan<char> text)
    {
        _text = text;
        _next = 0;
        _current = default;
    }

    /// <summary>The current line (without its line end).</summary>
    public readonly ReadOnlySpan<char> Current => _current;

    /// <summary>Start index of <see cref="Current"/> in the text.</summary>
    public int CurrentStart { get; private set; }

    public readonly SplitLinesEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_next >= _text.Length) return false;
        int start = _next, i = start;
        while (i < _text.Length && !PyText.IsLineBoundary(_text[i])) i++;
        _current = _text[start..i];
        CurrentStart = start;
        if (i < _text.Length)
            i += _text[i] == '\r' && i + 1 < _text.Length && _text[i + 1] == '\n' ? 2 : 1;
        _next = i;
        return true;
    }
}
