using YuLanData.Filters.Text;

namespace YuLanData.Filters.Tests.Text;

/// <summary>Expected values worked out from datatrove's <c>simplify_text</c> definition (and cross-checked by
/// running it: see Heuristics/Reference, where 2,002 real documents match byte for byte).</summary>
public class TextSimplifierTests
{
    [Theory]
    [InlineData("Héllo, WORLD!", "hello world")]                // lower, punctuation → space, é → e, collapse, strip
    [InlineData("Pi is 3.14 and 1,000 not 1.2.3", "pi is 0 and 0 not 0 0")] // numbers: 1.2 → 0, then "." → space, 3 → 0
    [InlineData("  tabs\tand\nnewlines  ", "tabs and newlines")] // \t and \n are not PUNCTUATION but are whitespace
    [InlineData("Ünïcödé façade", "unicode facade")]
    [InlineData("a—b…c", "a b c")]                                // em dash and ellipsis are in PUNCTUATION
    [InlineData("x\u00A0y", "x y")]                               // NBSP is whitespace
    [InlineData("ΟΔΟΣ", "οδος")]                                  // final sigma (ς) then no diacritics
    [InlineData("٣٤٥ apples", "0 apples")]                        // Arabic-Indic digits are \p{Nd}
    [InlineData("¿Qué?", "¿que")]                                 // ¿ is not in datatrove's PUNCTUATION
    [InlineData("", "")]
    public void MatchesDatatroveDefinition(string input, string expected) =>
        Assert.Equal(expected, TextSimplifier.Simplify(input));

    [Fact]
    public void OptionalWeekdayAndMonthNormalization()
    {
        var o = new TextNormOptions(NormWeekdays: true, NormMonthnames: true);
        Assert.Equal("WEEKDAY 0 MONTH", TextSimplifier.Simplify("Monday, 5 March", o));
    }

    [Fact]
    public void StepsCanBeTurnedOff()
    {
        var o = new TextNormOptions(Lowercase: false, RemovePunctuation: false, NormNumbers: false);
        Assert.Equal("Héllo, 42!".Replace("é", "e"), TextSimplifier.Simplify("  Héllo,   42! ", o));
    }
}
