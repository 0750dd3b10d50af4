namespace YuLanData.Filters.Text;

/// <summary>
/// datatrove's <c>split_into_paragraphs</c>: over the lines of <c>str.splitlines()</c>, every non-blank line except
/// the first line of the text starts a new piece; blank lines stay with the piece before them; lines inside a piece
/// are joined with "\n" and every piece but the last ends with "\n" (the text's final line end is dropped).
/// </summary>
public static class Paragraphs
{
    /// <summary>Appends the paragraph ranges of <paramref name="text"/>: each range runs from the start of its first
    /// line to the start of the next paragraph (the last one to the end of its last line). When every line end is
    /// "\n" the ranges' text equals datatrove's pieces; other line ends (\r\n, \r, U+2028 …) stay as they are in the
    /// ranges, where datatrove writes "\n" (use <see cref="SplitToStrings"/> for its exact strings).</summary>
    /// <param name="text">The text.</param>
    /// <param name="paragraphs">Receives one range per paragraph.</param>
    public static void Split(ReadOnlySpan<char> text, List<TokenSpan> paragraphs)
    {
        int paraStart = -1, lastLineEnd = 0;
        var lines = PyText.SplitLines(text);
        while (lines.MoveNext())
        {
            int start = lines.CurrentStart;
            if (paraStart < 0) paraStart = start;
            else if (!PyText.IsBlank(lines.Current))
            {
                paragraphs.Add(new TokenSpan(paraStart, start - paraStart));
                paraStart = start;
            }
            lastLineEnd = start + lines.Current.Length;
        }
        if (paraStart >= 0) paragraphs.Add(new TokenSpan(paraStart, lastLineEnd - paraStart));
    }

    /// <summary>datatrove's exact pieces as strings.</summary>
    /// <param name="text">The text.</param>
    public static List<string> SplitToStrings(string text)
    {
        var pieces = new List<string>();
        var current = new System.Text.StringBuilder();
        var all = new List<string>();
        foreach (var l in PyText.SplitLines(text)) all.Add(l.ToString());
        for (int i = 0; i < all.Count; i++)
        {
            if (!PyText.IsBlank(all[i]) && current.Length > 0)
            {
                pieces.Add(current.ToString());
                current.Clear();
            }
            current.Append(all[i]);
            if (i != all.Count - 1) current.Append('\n');
        }
        if (current.Length > 0) pieces.Add(current.ToString());
        return pieces;
    }
}
