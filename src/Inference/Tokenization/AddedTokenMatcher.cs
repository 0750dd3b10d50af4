using System.Buffers;

namespace YuLanData.Inference.Tokenization;

/// <summary>
/// Finds added tokens in a text the way Hugging Face's <c>AddedVocabulary</c> does: leftmost match first, the
/// longest token when several start at the same position, matches never overlap; <c>lstrip</c>/<c>rstrip</c> tokens
/// take the whitespace next to them. Thread-safe (immutable after construction).
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, (string Pattern, AddedToken Token)[]> _byFirstChar;
    private readonly SearchValues<char> _firstChars;

    /// <param name="tokens">The tokens to find, each with the text that stands for it (its content, or for a
    /// <c>normalized</c> token its content after the normalizer); empty patterns are ignored.</param>
    public AddedTokenMatcher(IEnumerable<(string Pattern, AddedToken Token)> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Pattern.Length > 0)
            .GroupBy(t => t.Pattern[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Pattern.Length).ToArray());
        _firstChars = SearchValues.Create(_byFirstChar.Keys.ToArray());
        IsEmpty = _byFirstChar.Count == 0;
    }

    /// <summary>True when there is nothing to find.</summary>
    public bool IsEmpty { get; }

    /// <summary>
    /// Finds the next added token at or after <paramref name="from"/>.
    /// </summary>
    /// <param name="text">The text searched.</param>
    /// <param name="from">The first position a match may start at (the end of the previous match).</param>
    /// <param name="matchStart">Where the matched text starts, including whitespace taken by <c>lstrip</c> (never before <paramref name="from"/>).</param>
    /// <param name="matchEnd">Where the matched text ends, including whitespace taken by <c>rstrip</c>.</param>
    /// <returns>The token, or null when no added token occurs after <paramref name="from"/>.</returns>
    public AddedToken? FindNext(ReadOnlySpan<char> text, int from, out int matchStart, out int matchEnd)
    {
        int position = from;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(_firstChars);
            if (offset < 0)
                break;
            position += offset;
            foreach ((string pattern, AddedToken token) in _byFirstChar[text[position]])
            {
                if (!text[position..].StartsWith(pattern, StringComparison.Ordinal))
                    continue;
                matchStart = position;
                matchEnd = position + pattern.Length;
                if (token.LeftStrip)
                    while (matchStart > from && char.IsWhiteSpace(text[matchStart - 1]))
                        matchStart--;
                if (token.RightStrip)
                    while (matchEnd < text.Length && char.IsWhiteSpace(text[matchEnd]))
                        matchEnd++;
                return token;
            }
            position++;
        }
        matchStart = matchEnd = text.Length;
        return null;
    }
}
