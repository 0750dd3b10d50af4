namespace YuLanData.Filters.Text.Segmentation;

/// <summary>
/// The word tokenizer for a document language, as datatrove's <c>load_word_tokenizer(language)</c> picks one:
/// Chinese (<c>zh</c>, <c>cmn</c>, <c>zho</c>, with or without a <c>_Hani</c>/<c>_Hans</c>/<c>_Hant</c> script
/// suffix) is segmented with <see cref="JiebaSegmenter"/> (datatrove: spaCy's <c>zh</c> tokenizer with the jieba
/// segmenter) and whitespace tokens are dropped (datatrove's <c>strip_strings</c>); every other language uses
/// <see cref="WordTokenizer"/> (datatrove's English spaCy rules), which makes each CJK ideograph and kana a word of its
/// own, the fallback for Japanese and other scripts without spaces for which no segmenter ships here.
/// </summary>
public static class LanguageWordTokenizer
{
    /// <summary>The tokenizer families.</summary>
    public enum Kind
    {
        /// <summary>spaCy-English rules, CJK characters as single words (<see cref="WordTokenizer"/>).</summary>
        Default,

        /// <summary>jieba segmentation (<see cref="JiebaSegmenter"/>), whitespace tokens dropped.</summary>
        Chinese,
    }

    /// <summary>Which tokenizer <paramref name="language"/> gets; null or empty means the default.</summary>
    /// <param name="language">An ISO 639-1 or 639-3 code, optionally with a script (<c>zh</c>, <c>cmn_Hani</c>, <c>en</c>).</param>
    public static Kind For(string? language)
    {
        if (string.IsNullOrEmpty(language)) return Kind.Default;
        var code = language.AsSpan();
        int us = code.IndexOfAny('_', '-');
        if (us >= 0) code = code[..us];
        return code.Equals("zh", StringComparison.OrdinalIgnoreCase) || code.Equals("cmn", StringComparison.OrdinalIgnoreCase) ||
               code.Equals("zho", StringComparison.OrdinalIgnoreCase) || code.Equals("chi", StringComparison.OrdinalIgnoreCase)
            ? Kind.Chinese
            : Kind.Default;
    }

    /// <summary>Appends the words of <paramref name="text"/> for tokenizer <paramref name="kind"/>.</summary>
    /// <param name="text">The text to split.</param>
    /// <param name="kind">The tokenizer (see <see cref="For"/>).</param>
    /// <param name="tokens">Receives one span per word, relative to <paramref name="text"/>.</param>
    public static void Tokenize(ReadOnlySpan<char> text, Kind kind, List<TokenSpan> tokens)
    {
        if (kind == Kind.Default)
        {
            WordTokenizer.Tokenize(text, tokens);
            return;
        }
        int first = tokens.Count;
        JiebaSegmenter.Cut(text, tokens);
        // strip_strings: drop tokens that are whitespace only (jieba's whitespace tokens never mix with other characters).
        int w = first;
        for (int r = first; r < tokens.Count; r++)
        {
            var t = tokens[r];
            if (!PyText.IsBlank(t.Of(text))) tokens[w++] = t;
        }
        tokens.RemoveRange(w, tokens.Count - w);
    }

    /// <summary>The words of <paramref name="text"/> as strings (convenience; allocates).</summary>
    /// <param name="text">The text to split.</param>
    /// <param name="language">The document language (see <see cref="For"/>).</param>
    public static string[] Split(string text, string? language)
    {
        var spans = new List<TokenSpan>();
        Tokenize(text, For(language), spans);
        return spans.Select(t => text.Substring(t.Start, t.Length)).ToArray();
    }
}
