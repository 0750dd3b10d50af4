using YuLanData.Filters.Text;

namespace YuLanData.Filters.Heuristics;

/// <summary>Per-thread reusable token list, so filters shared by many workers do not allocate per document.</summary>
internal static class TokenScratch
{
    [ThreadStatic] private static List<TokenSpan>? _tokens;

    /// <summary>Tokenizes <paramref name="text"/> into this thread's scratch list and returns it (valid until the next call on this thread).</summary>
    public static List<TokenSpan> Words(ReadOnlySpan<char> text)
    {
        var list = _tokens ??= new List<TokenSpan>(1024);
        list.Clear();
        WordTokenizer.Tokenize(text, list);
        if (list.Capacity > 1 << 20 && list.Count < 1 << 16) _tokens = null;
        return list;
    }
}
