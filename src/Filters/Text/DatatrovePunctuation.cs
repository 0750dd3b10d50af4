using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text;

namespace YuLanData.Filters.Text;

/// <summary>
/// The punctuation sets of datatrove's <c>utils/text.py</c>, as code points:
/// <list type="bullet">
/// <item><see cref="IsPunctuation"/>: <c>PUNCTUATION</c> (66 visible marks plus the control characters
/// U+0000..U+0008, U+000B..U+001F, U+007F..U+009F; tab and newline are not in it). <c>simplify_text</c> turns these into spaces.</item>
/// <item><see cref="IsTerminalPunctuation"/>: <c>TERMINAL_PUNCTUATION</c> (159 sentence-ending marks of many scripts).</item>
/// <item><see cref="IsInPunctuationSet"/>: <c>PUNCTUATION_SET</c> = the union (what Gopher's "symbol word" test uses).</item>
/// </list>
/// </summary>
public static class DatatrovePunctuation
{
    private static readonly int[] VisiblePunctuation =
    [
        0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A, 0x3B, 0x3C,
        0x3D, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60, 0x7B, 0x7C, 0x7D, 0x7E, 0xAB, 0xB4, 0xBB, 0x2013,
        0x2014, 0x2019, 0x201C, 0x201D, 0x201E, 0x2026, 0x2236, 0x2501, 0x25BA, 0x3001, 0x3002, 0x3008, 0x3009, 0x300A,
        0x300B, 0x300C, 0x300D, 0x3010, 0x3011, 0xFF01, 0xFF05, 0xFF08, 0xFF09, 0xFF0C, 0xFF0E, 0xFF11, 0xFF1A, 0xFF1B,
        0xFF1F, 0xFF5E,
    ];

    private static readonly int[] TerminalPunctuation =
    [
        0x21, 0x2E, 0x3F, 0x589, 0x61D, 0x61E, 0x61F, 0x6D4, 0x700, 0x701, 0x702, 0x7F9, 0x837, 0x839, 0x83D, 0x83E, 0x964,
        0x965, 0x104A, 0x104B, 0x1362, 0x1367, 0x1368, 0x166E, 0x1735, 0x1736, 0x17D4, 0x17D5, 0x17D6, 0x17D9, 0x17DA,
        0x1803, 0x1809, 0x1944, 0x1945, 0x1AA8, 0x1AA9, 0x1AAA, 0x1AAB, 0x1B5A, 0x1B5B, 0x1B5E, 0x1B5F, 0x1B7D, 0x1B7E,
        0x1C3B, 0x1C3C, 0x1C7E, 0x1C7F, 0x203C, 0x203D, 0x2047, 0x2048, 0x2049, 0x2E2E, 0x2E3C, 0x2E53, 0x2E54, 0x3002,
        0xA4FF, 0xA60E, 0xA60F, 0xA6F3, 0xA6F7, 0xA876, 0xA877, 0xA8CE, 0xA8CF, 0xA92F, 0xA9C8, 0xA9C9, 0xAA5D, 0xAA5E,
        0xAA5F, 0xAAF0, 0xAAF1, 0xABEB, 0xFE52, 0xFE56, 0xFE57, 0xFF01, 0xFF0E, 0xFF1F, 0xFF61, 0x10A56, 0x10A57, 0x10F55,
        0x10F56, 0x10F57, 0x10F58, 0x10F59, 0x10F86, 0x10F87, 0x10F88, 0x10F89, 0x11047, 0x11048, 0x110BE, 0x110BF,
        0x110C0, 0x110C1, 0x11141, 0x11142, 0x11143, 0x111C5, 0x111C6, 0x111CD, 0x111DE, 0x111DF, 0x11238, 0x11239,
        0x1123B, 0x1123C, 0x112A9, 0x1144B, 0x1144C, 0x115C2, 0x115C3, 0x115C9, 0x115CA, 0x115CB, 0x115CC, 0x115CD,
        0x115CE, 0x115CF, 0x115D0, 0x115D1, 0x115D2, 0x115D3, 0x115D4, 0x115D5, 0x115D6, 0x115D7, 0x11641, 0x11642,
        0x1173C, 0x1173D, 0x1173E, 0x11944, 0x11946, 0x11A42, 0x11A43, 0x11A9B, 0x11A9C, 0x11C41, 0x11C42, 0x11EF7,
        0x11EF8, 0x11F43, 0x11F44, 0x16A6E, 0x16A6F, 0x16AF5, 0x16B37, 0x16B38, 0x16B44, 0x16E98, 0x1BC9F, 0x1DA88,
    ];

    // Bit 1: PUNCTUATION, bit 2: TERMINAL_PUNCTUATION, for the BMP.
    private static readonly byte[] BmpFlags = BuildBmpFlags();
    private static readonly FrozenSet<int> AstralTerminal = TerminalPunctuation.Where(c => c > 0xFFFF).ToFrozenSet();

    /// <summary>All TERMINAL_PUNCTUATION marks as strings (for "line ends with one of these" tests).</summary>
    public static IReadOnlyList<string> TerminalPunctuationStrings { get; } =
        TerminalPunctuation.Select(char.ConvertFromUtf32).ToArray();

    private static byte[] BuildBmpFlags()
    {
        var flags = new byte[0x10000];
        foreach (int c in VisiblePunctuation) flags[c] |= 1;
        for (int c = 0; c <= 0x9F; c++)
            if (c <= 0x08 || (c >= 0x0B && c <= 0x1F) || c >= 0x7F) flags[c] |= 1;
        foreach (int c in TerminalPunctuation)
            if (c <= 0xFFFF) flags[c] |= 2;
        return flags;
    }

    /// <summary>In datatrove's <c>PUNCTUATION</c> string (BMP only; it has no astral characters).</summary>
    /// <param name="c">The character to test.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPunctuation(char c) => (BmpFlags[c] & 1) != 0;

    /// <summary>In datatrove's <c>TERMINAL_PUNCTUATION</c>.</summary>
    /// <param name="codePoint">A Unicode code point.</param>
    public static bool IsTerminalPunctuation(int codePoint) =>
        codePoint <= 0xFFFF ? (BmpFlags[codePoint] & 2) != 0 : AstralTerminal.Contains(codePoint);

    /// <summary>In datatrove's <c>PUNCTUATION_SET</c> (PUNCTUATION ∪ TERMINAL_PUNCTUATION).</summary>
    /// <param name="codePoint">A Unicode code point.</param>
    public static bool IsInPunctuationSet(int codePoint) =>
        codePoint <= 0xFFFF ? BmpFlags[codePoint] != 0 : AstralTerminal.Contains(codePoint);

    /// <summary>True when some code point of <paramref name="word"/> is outside <c>PUNCTUATION_SET</c>
    /// (Gopher: <c>any(ch not in PUNCTUATION_SET for ch in w)</c>).</summary>
    /// <param name="word">The word.</param>
    public static bool HasNonPunctuation(ReadOnlySpan<char> word)
    {
        for (int i = 0; i < word.Length; i++)
        {
            char c = word[i];
            if (!char.IsHighSurrogate(c)) { if (BmpFlags[c] == 0) return true; continue; }
            if (Rune.DecodeFromUtf16(word[i..], out Rune r, out int used) != OperationStatus.Done) return true;
            if (!AstralTerminal.Contains(r.Value)) return true;
            i += used - 1;
        }
        return false;
    }

    /// <summary>True when the last code point of <paramref name="s"/> is in TERMINAL_PUNCTUATION
    /// (FineWeb: <c>line.endswith(TERMINAL_PUNCTUATION)</c>).</summary>
    /// <param name="s">The text.</param>
    public static bool EndsWithTerminalPunctuation(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        char last = s[^1];
        if (!char.IsLowSurrogate(last)) return (BmpFlags[last] & 2) != 0;
        return s.Length >= 2 && char.IsHighSurrogate(s[^2]) && AstralTerminal.Contains(char.ConvertToUtf32(s[^2], last));
    }
}
