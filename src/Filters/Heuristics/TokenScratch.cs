using YuLanData.Filters.Text;
using YuLanData.Filters.Text.Segmentation;

namespace YuLanData.Filters.Heuristics;

/// <summary>Per-thread reusable token list, so filters shared by many workers do not allocate per document.</summary>
internal static class TokenScratch
{
    [ThreadStatic] private static List<TokenSpan>? _tokens;
    [ThreadStatic] private static string? _tokenized;
    [ThreadStatic] private static LanguageWordTokenizer.Kind _tokenizedKind;

    /// <summary>Tokenizes <paramref name="text"/> into this thread's scratch list and returns it (valid until the next
    /// call on this thread). Several filters run one after another on the same string instance, so the last result
    /// is reused when called again with the same instance and tokenizer (strings are immutable, so this is always correct).</summary>
    /// <param name="text">The document text.</param>
    /// <param name="kind">The word tokenizer of the document's language (<see cref="LanguageWordTokenizer.For"/>).</param>
    public static List<TokenSpan> Words(string text, LanguageWordTokenizer.Kind kind = LanguageWordTokenizer.Kind.Default)
    {
        var list = _tokens ??= new List<TokenSpan>(1024);
        if (ReferenceEquals(text, _tokenized) && kind == _tokenizedKind) return list;
        _tokenized = null;
        list.Clear();
        LanguageWordTokenizer.Tokenize(text, kind, list);
        _tokenized = text;
        _tokenizedKind = kind;
        return list;
    }
}
