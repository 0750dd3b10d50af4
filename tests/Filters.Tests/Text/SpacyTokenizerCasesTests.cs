using YuLanData.Filters.Text;

namespace YuLanData.Filters.Tests.Text;

/// <summary>Token counts that spaCy's English tokenizer test suite (spacy/tests/lang/en) asserts, minus whitespace
/// tokens, which datatrove drops.</summary>
public class SpacyTokenizerCasesTests
{
    [Theory]
    [InlineData("(can)", 3)]
    [InlineData("can't", 2)]
    [InlineData("(can't", 3)]
    [InlineData("can't)", 3)]
    [InlineData("(can't)", 4)]
    [InlineData("(can't?)", 5)]
    [InlineData("U.S.", 1)]
    [InlineData("us.", 2)]
    [InlineData("(U.S.", 2)]
    [InlineData("U.S.)", 2)]
    [InlineData("(U.S.)", 3)]
    [InlineData("(U.S.?)", 4)]
    [InlineData("best-known", 3)]
    [InlineData("0.1-13.5", 3)]
    [InlineData("0.0-0.1", 3)]
    [InlineData("103.27-300", 3)]
    [InlineData("best.Known", 3)]
    [InlineData("Hello.World", 3)]
    [InlineData("Hello,world", 3)]
    [InlineData("one,two", 3)]
    [InlineData("best...Known", 3)]
    [InlineData("best...known", 3)]
    [InlineData("_MATH_", 3)]
    [InlineData("_MATH_.", 4)]
    [InlineData("7am", 2)]
    [InlineData("11p.m.", 2)]
    [InlineData("1am", 2)]
    [InlineData("12a.m.", 2)]
    [InlineData("4pm", 2)]
    [InlineData("3/4/2012", 1)]
    [InlineData("01/12/1900", 1)]
    [InlineData("We were scared", 3)]
    [InlineData("We Were Scared", 3)]
    [InlineData("Shell", 1)]
    [InlineData("shed", 1)]
    [InlineData("want/need", 3)]
    [InlineData("test@example.com", 1)]
    [InlineData("john.doe@example.co.uk", 1)]
    [InlineData("would've", 2)]
    [InlineData("don't giggle", 3)]
    [InlineData("i said don't!", 5)]
    [InlineData("`ain't", 3)]
    [InlineData("\"isn't", 3)]
    [InlineData("can't!", 3)]
    [InlineData("Robin's", 2)]
    [InlineData("Alexis's", 2)]
    [InlineData("schools'", 2)]
    [InlineData("Alexis'", 2)]
    [InlineData("'em", 1)]
    [InlineData("nothin'", 1)]
    [InlineData("ol'", 1)]
    [InlineData("we'll", 2)]
    [InlineData("You'll", 2)]
    [InlineData("there'll", 2)]
    [InlineData("this'll", 2)]
    [InlineData("those'll", 2)]
    [InlineData("I'd", 2)]
    [InlineData("They'll", 2)]
    [InlineData("Ill", 1)]
    [InlineData("hell", 1)]
    [InlineData("Well", 1)]
    [InlineData("We've", 2)]
    [InlineData("`We've", 3)]
    [InlineData("couldn't", 2)]
    [InlineData("couldn't)", 3)]
    [InlineData("e.g.", 1)]
    [InlineData("p.m.", 1)]
    [InlineData("Jan.", 1)]
    [InlineData("Dec.", 1)]
    [InlineData("Inc.", 1)]
    [InlineData("It's mediocre i.e. bad.", 6)]
    [InlineData("(", 1)]
    [InlineData("((", 2)]
    [InlineData("<", 1)]
    [InlineData("(Hello", 2)]
    [InlineData("Hello)", 2)]
    [InlineData("[`Hello", 3)]
    [InlineData("Hello]'", 3)]
    [InlineData("(((Hello", 4)]
    [InlineData("Hello)))", 4)]
    [InlineData("'The", 2)]
    [InlineData("Hello''", 2)]
    [InlineData("''", 1)]
    [InlineData("`(Hello)'", 5)]
    [InlineData("The U.S. Army likes Shock and Awe.", 8)]
    [InlineData("U.N. regulations are not a part of their concern.", 10)]
    [InlineData("“Isn't it?”", 6)]
    [InlineData("Yes! \"I'd rather have a walk\", Ms. Comble sighed. ", 15)]
    [InlineData("'Me too!', Mr. P. Delaware cried. ", 11)]
    [InlineData("They ran about 10km.", 6)]
    public void TokenCountMatchesSpacy(string text, int count) =>
        Assert.True(count == WordTokenizer.Split(text).Length, $"'{text}' → {string.Join("|", WordTokenizer.Split(text))}");

    [Theory]
    [InlineData("google.com/search?q=x", 1)]
    [InlineData("my-site.co.uk/a-b/c", 1)]
    [InlineData("http://example.org:8080/path", 1)]
    [InlineData("www.example.com", 1)]
    [InlineData("user@mail.example.com/inbox", 1)]
    [InlineData("192.168.0.1/admin", 1)]
    [InlineData("(see example.com/docs).", 5)]
    [InlineData("Hello.World/x", 5)]   // TLD must be lowercase: not a URL → Hello . World / x
    public void UrlsStayWhole(string text, int count) =>
        Assert.True(count == WordTokenizer.Split(text).Length, $"'{text}' → {string.Join("|", WordTokenizer.Split(text))}");

    [Fact]
    public void DoubleHyphenAndPeriodAbbreviation()
    {
        Assert.Equal(["No", "decent", "--", "let", "alone", "well", "-", "bred", "--", "people", "."],
            WordTokenizer.Split("No decent--let alone well-bred--people."));
        Assert.Equal(["Today", "is", "Tuesday", ".", "Mr."], WordTokenizer.Split("Today is Tuesday.Mr."));
        Assert.Equal(".", WordTokenizer.Split("(And a 6a.m. run through Washington Park).")[^1]);
    }

    [Fact]
    public void LongNewsTextHasSpacysCountWithoutWhitespaceTokens()
    {
        // spaCy: 76 tokens, of which 6 are whitespace tokens ("\n\n" ×3, "\n" ×3) that datatrove drops → 70.
        const string text = "Tributes pour in for late British Labour Party leader\n\nTributes poured in from around the world Thursday\nto the late Labour Party leader John Smith, who died earlier from a massive\nheart attack aged 55.\n\nIn Washington, the US State Department issued a statement regretting \"the\nuntimely death\" of the rapier-tongued Scottish barrister and parliamentarian.\n\n\"Mr. Smith, throughout his distinguished";
        Assert.Equal(70, WordTokenizer.Split(text).Length);
    }
}
