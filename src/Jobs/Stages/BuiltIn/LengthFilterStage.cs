using System.Text;
using YuLanData.Filters;
using YuLanData.Filters.Text;

namespace YuLanData.Jobs.Stages.BuiltIn;

public sealed class LengthFilterOptions
{
    /// <summary>Fewest characters (Unicode scalar values) a kept document has.</summary>
    public long MinChars { get; set; }

    /// <summary>Most characters a kept document has (0: no limit).</summary>
    public long MaxChars { get; set; }

    /// <summary>Fewest whitespace-separated words (Python's <c>len(text.split())</c>, as every word count in the project).</summary>
    public long MinWords { get; set; }

    /// <summary>Most whitespace-separated words (0: no limit).</summary>
    public long MaxWords { get; set; }

    public void Validate()
    {
        if (MaxChars > 0 && MaxChars < MinChars)
            throw new ArgumentException($"max_chars ({MaxChars}) is below min_chars ({MinChars})");
        if (MaxWords > 0 && MaxWords < MinWords)
            throw new ArgumentException($"max_words ({MaxWords}) is below min_words ({MinWords})");
    }
}

/// <summary>Drops documents outside a character or word count range (reasons <c>too_short</c>, <c>too_long</c>,
/// <c>too_few_words</c>, <c>too_many_words</c>).</summary>
[Stage("length_filter", "drop documents outside a character/word count range")]
public sealed class LengthFilterStage(LengthFilterOptions options) : IDocumentFilter
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
