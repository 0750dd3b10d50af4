using YuLanData.Filters.Text;

namespace YuLanData.Filters.Heuristics;

/// <summary>Per-thread reusable token list, so filters shared by many workers do not allocate per document.</summary>
internal static class TokenScratch
{
    [ThreadStatic] private static List<TokenSpan>? _tokens;
    [ThreadStatic] private static string? _tokenized;

    /// <summary>Tokenizes <paramref name="text"/> into this thread's scratch list and returns it (valid until the next
    /// call on this thread). Several filters run one after another on the same string instance, so the last result
    /// is reused when called again with the same instance (strings are immutable, so this is always correct).</summary>
    public static List<TokenSpan> Words(string text)
    {
        var list = _tokens ??= new List<TokenSpan>(1024);
        if (ReferenceEquals(text, _tokenized)) return list;
        _tokenized = null;
        list.Clear();
        WordTokenizer.Tokenize(text, list);
        _tokenized = text;
        return list;
    }
}
