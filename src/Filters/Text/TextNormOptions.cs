namespace YuLanData.Filters.Text;

/// <summary>Which steps <see cref="TextSimplifier.Simplify(ReadOnlySpan{char}, TextNormOptions)"/> applies
/// (datatrove's <c>TextNormConfig</c>; <see cref="Default"/> equals datatrove's <c>DEF_TEXT_NORM_CONFIG</c>).</summary>
/// <param name="Lowercase">Lowercase the text (Python <c>str.lower()</c>).</param>
/// <param name="NormWhitespace">Strip the ends and collapse every whitespace run to one space.</param>
/// <param name="RemovePunctuation">Replace each datatrove <c>PUNCTUATION</c> character with a space.</param>
/// <param name="NormUnicodeDiacritics">NFD-decompose and drop nonspacing marks (category Mn).</param>
/// <param name="NormNumbers">Replace each number (<c>\p{Nd}+</c> with an optional decimal part) with <c>0</c>.</param>
/// <param name="NormWeekdays">Replace English weekday names with <c>WEEKDAY</c> (substring match, after lowercasing).</param>
/// <param name="NormMonthnames">Replace English month names with <c>MONTH</c> (substring match, after lowercasing).</param>
public sealed record TextNormOptions(
    bool Lowercase = true,
    bool NormWhitespace = true,
    bool RemovePunctuation = true,
    bool NormUnicodeDiacritics = true,
    bool NormNumbers = true,
    bool NormWeekdays = false,
    bool NormMonthnames = false)
{
    /// <summary>datatrove's defaults: lowercase, whitespace, punctuation, diacritics and numbers on; weekdays and months off.</summary>
    public static TextNormOptions Default { get; } = new();
}
