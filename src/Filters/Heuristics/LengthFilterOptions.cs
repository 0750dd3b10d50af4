namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="LengthFilter"/> (stage <c>length_filter</c>).</summary>
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
