namespace YuLanData.Filters.Text.Segmentation;

/// <summary>
/// Line- and sentence-ending marks of Chinese text. A Chinese sentence ends with 。！？ (or their ASCII and half-width
/// forms), and often with a closing quote or bracket after the mark (<c>他说：“好。”</c>, <c>「走吧！」</c>), which
/// datatrove's TERMINAL_PUNCTUATION test on the last character alone misses. ；and ： separate clauses and introduce
/// lists, and …… marks an unfinished sentence, so none of them ends a line here (C4 treats "..." the same way).
/// </summary>
public static class ChinesePunctuation
{
    private const string Final = "。！？!?.．｡";
    private const string Closers = "”’」』）)》〉】〕\"'";

    /// <summary>True for a sentence-final mark (。！？ and their ASCII / half-width forms).</summary>
    /// <param name="c">The character.</param>
    public static bool IsSentenceFinal(char c) => Final.Contains(c);

    /// <summary>True when <paramref name="line"/> (already right-stripped) ends with a sentence-final mark, optionally
    /// followed by closing quotes or brackets; false for an ellipsis ending (<c>……</c>, <c>...</c>).</summary>
    /// <param name="line">The line, without trailing whitespace.</param>
    public static bool EndsSentence(ReadOnlySpan<char> line)
    {
        int end = line.Length;
        while (end > 0 && Closers.Contains(line[end - 1])) end--;
        if (end == 0 || !IsSentenceFinal(line[end - 1])) return false;
        return !(line[end - 1] == '.' && end >= 2 && line[end - 2] == '.');
    }

    /// <summary>C4's policy phrases in Chinese (simplified and traditional): privacy policy, terms of use / service,
    /// cookie policy, use of cookies. Matched as substrings, as C4 matches its English phrases.</summary>
    public static readonly string[] PolicyPhrases =
    [
        "隐私政策", "隱私政策", "隐私权政策", "隱私權政策", "使用条款", "使用條款", "服务条款", "服務條款",
        "Cookie政策", "cookie政策", "使用Cookie", "使用cookie", "Cookies政策",
    ];
}
