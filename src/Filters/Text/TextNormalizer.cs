using System.Text;

namespace YuLanData.Filters.Text;

/// <summary>How many changes of each kind <see cref="TextNormalizer.Normalize"/> made to one text.</summary>
/// <param name="MojibakeRepairs">Runs of mojibake repaired.</param>
/// <param name="ControlCharsDropped">Control characters removed.</param>
/// <param name="LineEndsUnified">Carriage returns turned into (or merged with) line feeds.</param>
/// <param name="SurrogatesReplaced">Lone surrogates replaced by U+FFFD.</param>
/// <param name="NfcChanged">True when NFC changed the text.</param>
/// <param name="WhitespaceOnlyLines">Lines of only whitespace emptied.</param>
/// <param name="BlankLinesRemoved">Blank lines removed (over the run limit, or at the start or end).</param>
public readonly record struct NormalizeChanges(int MojibakeRepairs, int ControlCharsDropped, int LineEndsUnified, int SurrogatesReplaced,
    bool NfcChanged, int WhitespaceOnlyLines, int BlankLinesRemoved)
{
    public bool Any => MojibakeRepairs + ControlCharsDropped + LineEndsUnified + SurrogatesReplaced + WhitespaceOnlyLines + BlankLinesRemoved > 0 || NfcChanged;
}

/// <summary>
/// The text clean-up upstream extractors leave to the user, in this order: mojibake repair, control characters and
/// line ends, Unicode NFC, whitespace-only lines emptied, runs of blank lines collapsed. Pure: text in, text out.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Normalizes <paramref name="text"/> as <paramref name="options"/> say.</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">Which changes to make.</param>
    /// <param name="changes">What was changed.</param>
    public static string Normalize(string text, TextNormalizeOptions options, out NormalizeChanges changes)
    {
        int mojibake = 0, controls = 0, lineEnds = 0, surrogates = 0, wsLines = 0, blanks = 0;
        bool nfc = false;
        if (options.RepairMojibake)
            text = MojibakeRepair.Repair(text, out mojibake);
        if (options.DropControlChars)
            text = CleanControls(text, out controls, out lineEnds, out surrogates);
        if (options.Nfc && !text.IsNormalized(NormalizationForm.FormC))
        {
            text = text.Normalize(NormalizationForm.FormC);
            nfc = true;
        }
        if (options.RemoveWhitespaceOnlyLines || options.MaxBlankLines >= 0)
            text = CleanLines(text, options, out wsLines, out blanks);
        changes = new NormalizeChanges(mojibake, controls, lineEnds, surrogates, nfc, wsLines, blanks);
        return text;
    }

    private static string CleanControls(string text, out int dropped, out int lineEnds, out int surrogates)
    {
        dropped = lineEnds = surrogates = 0;
        int first = 0;
        while (first < text.Length && !NeedsWork(text, first))
            first++;
        if (first == text.Length)
            return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                lineEnds++;
                if (i + 1 < text.Length && text[i + 1] == '\n')
                    continue; // \r\n -> \n
                sb.Append('\n');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                surrogates++;
                sb.Append('\uFFFD');
            }
            else if (char.IsControl(c) && c is not ('\t' or '\n'))
            {
                dropped++;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool NeedsWork(string text, int i)
    {
        char c = text[i];
        if (char.IsHighSurrogate(c))
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c))
            return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        return char.IsControl(c) && c is not ('\t' or '\n');
    }

    private static string CleanLines(string text, TextNormalizeOptions options, out int wsLines, out int blanksRemoved)
    {
        wsLines = blanksRemoved = 0;
        bool endsWithNewline = text.EndsWith('\n');
        var lines = text.Split('\n');
        int count = endsWithNewline ? lines.Length - 1 : lines.Length; // the piece after a final '\n' is no line
        bool keepAll = options.MaxBlankLines < 0;
        var sb = new StringBuilder(text.Length);
        int pending = 0;
        bool content = false;
        for (int i = 0; i < count; i++)
        {
            string line = lines[i];
            bool blank = line.Length == 0;
            if (!blank && options.RemoveWhitespaceOnlyLines && IsWhitespace(line))
            {
                wsLines++;
                blank = true;
            }
            if (blank)
            {
                pending++;
                continue;
            }
            int keep = keepAll ? pending : content ? Math.Min(pending, options.MaxBlankLines) : 0;
            blanksRemoved += pending - keep;
            if (content)
                sb.Append('\n');
            sb.Append('\n', keep).Append(line);
            content = true;
            pending = 0;
        }
        if (!content)
        {
            if (keepAll)
                return new string('\n', text.Count(c => c == '\n'));
            blanksRemoved += pending;
            return "";
        }
        if (keepAll)
            sb.Append('\n', pending);
        else
            blanksRemoved += pending;
        if (endsWithNewline)
            sb.Append('\n');
        string result = sb.ToString();
        return result == text ? text : result;
    }

    private static bool IsWhitespace(string line)
    {
        foreach (char c in line)
            if (!char.IsWhiteSpace(c))
                return false;
        return true;
    }
}
