using System.Text;
using System.Text.Unicode;

namespace YuLanData.Filters.Text;

/// <summary>
/// Repairs the commonest mojibake: UTF-8 bytes decoded as Latin-1 or windows-1252 (<c>â€™</c> for <c>’</c>,
/// <c>Ã©</c> for <c>é</c>). A run of non-ASCII characters that all map back to single bytes in those charsets is
/// replaced only when its bytes are valid UTF-8 holding at least one multi-byte sequence, the decoded characters are
/// plausible (no U+FFFD; from two-byte sequences only common Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic), not every continuation is a letter such as š or ž (real Sámi or Czech text), and encoding
/// the result back gives the run exactly (the repair round-trips). Up to three passes, for text encoded wrongly twice.
/// </summary>
public static class MojibakeRepair
{
    private static readonly Dictionary<char, byte> Cp1252High = BuildCp1252();

    /// <summary>Repairs <paramref name="text"/>; returns it unchanged (same instance) when nothing was repaired.</summary>
    /// <param name="text">The text.</param>
    /// <param name="repairs">How many runs were repaired.</param>
    public static string Repair(string text, out int repairs)
    {
        repairs = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            string next = RepairOnce(text, out int n);
            if (n == 0)
                break;
            repairs += n;
            text = next;
        }
        return text;
    }

    private static string RepairOnce(string text, out int repairs)
    {
        repairs = 0;
        StringBuilder? sb = null;
        int copied = 0;
        int i = 0;
        Span<byte> bytes = stackalloc byte[256];
        while (i < text.Length)
        {
            if (text[i] < 0x80 || !ToByte(text[i], out _))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < text.Length && text[i] >= 0x80 && ToByte(text[i], out _))
                i++;
            int length = i - start;
            if (length < 2 || length > bytes.Length)
                continue;
            for (int k = 0; k < length; k++)
                ToByte(text[start + k], out bytes[k]);
            var run = bytes[..length];
            if (!Utf8.IsValid(run))
                continue;
            string decoded = Encoding.UTF8.GetString(run);
            if (decoded.Length == length || !decoded.All(Plausible) || OnlyLetterContinuations(text, start, length))
                continue;
            sb ??= new StringBuilder(text.Length);
            sb.Append(text, copied, start - copied).Append(decoded);
            copied = i;
            repairs++;
        }
        if (sb == null)
            return text;
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    /// <summary>
    /// Whether a repaired character is one mojibake usually hides. Two-byte UTF-8 covers U+0080-U+07FF, where only
    /// Latin-1 (C1 controls included, for text broken twice), Latin Extended-A, Vietnamese and Romanian letters of
    /// Extended-B, Greek, Cyrillic, Armenian, Hebrew letters and points, and Arabic letters are common. The rest (Pinyin
    /// tone letters, IPA, spacing modifiers, combining marks, Hebrew accents, Arabic signs) comes from real text whose
    /// bytes happen to be valid UTF-8: Turkish "Ç’" (C7 92), Albanian "Ë”" (CB 94), Danish "Ø’" (D8 92).
    /// </summary>
    private static bool Plausible(char c) =>
        c >= 0x800 ? c != '\uFFFD'
        : c is (>= '\u0080' and <= '\u01BF') or (>= '\u0218' and <= '\u021B') or (>= '\u0370' and <= '\u052F')
            or (>= '\u0531' and <= '\u058F') or (>= '\u05B0' and <= '\u05FF') or (>= '\u0620' and <= '\u06FF');

    /// <summary>
    /// True when every character standing for a UTF-8 continuation byte is a letter real text puts after an accented
    /// vowel (Sámi "ášš", Czech "éž"): mojibake continuations are mostly symbols and punctuation (©, ™, ’, ¼, ›).
    /// </summary>
    private static bool OnlyLetterContinuations(string text, int start, int length)
    {
        for (int k = start; k < start + length; k++)
        {
            ToByte(text[k], out byte b);
            if (b is >= 0x80 and <= 0xBF && text[k] is not ('š' or 'ž' or 'œ' or 'Š' or 'Ž' or 'Œ' or 'Ÿ' or 'ƒ'))
                return false;
        }
        return true;
    }

    /// <summary>The byte a character stands for when UTF-8 was decoded as windows-1252 (or Latin-1 for its C1 range).</summary>
    private static bool ToByte(char c, out byte b)
    {
        if (c is >= '\u0080' and <= '\u00FF')
        {
            b = (byte)c;
            return true;
        }
        return Cp1252High.TryGetValue(c, out b);
    }

    private static Dictionary<char, byte> BuildCp1252()
    {
        // windows-1252's 0x80-0x9F (the five unassigned bytes are handled through the Latin-1 C1 range above).
        const string chars = "€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ";
        var map = new Dictionary<char, byte>();
        for (int k = 0; k < chars.Length; k++)
            if (chars[k] != '\0')
                map[chars[k]] = (byte)(0x80 + k);
        return map;
    }
}
