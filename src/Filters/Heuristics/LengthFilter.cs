using System.Text;
using YuLanData.Filters.Text;

namespace YuLanData.Filters.Heuristics;

/// <summary>Drops documents outside a character or word count range (reasons <c>too_short</c>, <c>too_long</c>,
/// <c>too_few_words</c>, <c>too_many_words</c>).</summary>
[Stage("length_filter", "drop documents outside a character/word count range")]
public sealed class LengthFilter(LengthFilterOptions options) : IDocumentFilter
{
    public FilterOutcome Apply(in FilterInput input)
    {
        var text = input.Text.AsSpan();
        if (options.MinChars > 0 || options.MaxChars > 0)
        {
            long chars = CountScalars(text);
            if (chars < options.MinChars)
                return FilterOutcome.Drop("too_short");
            if (options.MaxChars > 0 && chars > options.MaxChars)
                return FilterOutcome.Drop("too_long");
        }
        if (options.MinWords > 0 || options.MaxWords > 0)
        {
            long words = WhitespaceWords.Count(text);
            if (words < options.MinWords)
                return FilterOutcome.Drop("too_few_words");
            if (options.MaxWords > 0 && words > options.MaxWords)
                return FilterOutcome.Drop("too_many_words");
        }
        return FilterOutcome.Kept;
    }

    private static long CountScalars(ReadOnlySpan<char> text)
    {
        long surrogatePairs = 0;
        for (int i = 0; i + 1 < text.Length; i++)
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                surrogatePairs++;
                i++;
            }
        return text.Length - surrogatePairs;
    }
}
