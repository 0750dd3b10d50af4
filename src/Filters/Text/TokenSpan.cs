namespace YuLanData.Filters.Text;

/// <summary>A word token as a slice of the text it came from.</summary>
/// <param name="Start">Index of the token's first UTF-16 unit in the text.</param>
/// <param name="Length">Length of the token in UTF-16 units (never 0).</param>
public readonly record struct TokenSpan(int Start, int Length)
{
    /// <summary>Index just past the token.</summary>
    public int End => Start + Length;

    /// <summary>The token's characters in <paramref name="text"/>.</summary>
    /// <param name="text">The text the token was cut from.</param>
    public ReadOnlySpan<char> Of(ReadOnlySpan<char> text) => text.Slice(Start, Length);
}
