using System.Globalization;

namespace YuLanData.Filters.Text;

/// <summary>
/// Sentence boundaries as spaCy's rule-based <c>sentencizer</c> (datatrove's English <c>split_into_sentences</c>)
/// puts them, over <see cref="WordTokenizer"/> tokens: a sentence ends after a token that is a sentence-final
/// mark, together with any punctuation tokens that follow it; the next non-punctuation token starts a new sentence.
/// </summary>
/// <remarks>The sentence-final marks are datatrove's TERMINAL_PUNCTUATION (the same marks as spaCy's default
/// <c>punct_chars</c>). Whitespace tokens, which spaCy keeps inside sentences, do not exist here; that only moves a
/// boundary across whitespace and does not change the count except for whitespace between a final mark and a lone
/// punctuation token.</remarks>
public static class SentenceSplitter
{
    /// <summary>Number of sentences in <paramref name="text"/> (0 when it has no tokens).</summary>
    /// <param name="text">The text.</param>
    /// <param name="scratch">A reusable list (cleared and filled with the tokens of <paramref name="text"/>).</param>
    public static int CountSentences(ReadOnlySpan<char> text, List<TokenSpan> scratch)
    {
        scratch.Clear();
        WordTokenizer.Tokenize(text, scratch);
        return CountSentences(text, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch));
    }

    /// <summary>Number of sentences formed by <paramref name="tokens"/> (0 when there are none).</summary>
    /// <param name="text">The text the tokens index into.</param>
    /// <param name="tokens">Consecutive word tokens of <paramref name="text"/> (e.g. those of one line).</param>
    public static int CountSentences(ReadOnlySpan<char> text, ReadOnlySpan<TokenSpan> tokens)
    {
        if (tokens.Length == 0) return 0;
        int sentences = 1;
        bool seenFinal = false;
        foreach (var t in tokens)
        {
            var tok = t.Of(text);
            bool final = IsFinalMark(tok);
            if (seenFinal && !final && !IsPunct(tok))
            {
                sentences++;
                seenFinal = false;
            }
            else if (final) seenFinal = true;
        }
        return sentences;
    }

    /// <summary>Appends the end offsets of the sentences of <paramref name="text"/> (end of each sentence's last token).</summary>
    /// <param name="text">The text.</param>
    /// <param name="scratch">A reusable token list.</param>
    /// <param name="ends">Receives one end offset per sentence.</param>
    public static void SentenceEnds(ReadOnlySpan<char> text, List<TokenSpan> scratch, List<int> ends)
    {
        scratch.Clear();
        WordTokenizer.Tokenize(text, scratch);
        if (scratch.Count == 0) return;
        bool seenFinal = false;
        int lastEnd = 0;
        foreach (var t in scratch)
        {
            var tok = t.Of(text);
            bool final = IsFinalMark(tok);
            if (seenFinal && !final && !IsPunct(tok))
            {
                ends.Add(lastEnd);
                seenFinal = false;
            }
            else if (final) seenFinal = true;
            lastEnd = t.End;
        }
        ends.Add(lastEnd);
    }

    private static bool IsFinalMark(ReadOnlySpan<char> tok)
    {
        if (tok.Length == 1) return DatatrovePunctuation.IsTerminalPunctuation(tok[0]);
        return tok.Length == 2 && char.IsSurrogatePair(tok[0], tok[1]) &&
               DatatrovePunctuation.IsTerminalPunctuation(char.ConvertToUtf32(tok[0], tok[1]));
    }

    // spaCy's is_punct: every character is in a Unicode punctuation category (P*).
    private static bool IsPunct(ReadOnlySpan<char> tok)
    {
        for (int i = 0; i < tok.Length; i++)
        {
            var cat = PyText.CategoryAt(tok, i);
            if (cat is not (UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation))
                return false;
            if (char.IsHighSurrogate(tok[i])) i++;
        }
        return true;
    }
}
