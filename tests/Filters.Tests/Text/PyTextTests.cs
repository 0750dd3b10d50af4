using YuLanData.Filters.Text;

namespace YuLanData.Filters.Tests.Text;

public class PyTextTests
{
    [Theory]
    [InlineData("a\nb\r\nc\rd", "a|b|c|d")]
    [InlineData("a\n\nb\n", "a||b")]                  // Python drops only the final empty piece
    [InlineData("a\u2028b\u001cc\u0085d\ve\ff", "a|b|c|d|e|f")]
    [InlineData("", "")]
    public void SplitLinesMatchesPython(string text, string expected)
    {
        var parts = new List<string>();
        foreach (var l in PyText.SplitLines(text)) parts.Add(l.ToString());
        Assert.Equal(expected, string.Join("|", parts));
    }

    [Fact]
    public void StripUsesPythonWhitespace()
    {
        Assert.Equal("x", PyText.Strip("\x1f\u3000 x\u00A0\t").ToString());
        Assert.Equal(3, PyText.CodePointLength("a😀b"));
        Assert.True(PyText.AnyAlpha("12a"));
        Assert.False(PyText.AnyAlpha("12-3"));
    }

    [Fact]
    public void SentencesFollowTheSentencizerRule()
    {
        var scratch = new List<TokenSpan>();
        Assert.Equal(3, SentenceSplitter.CountSentences("One. Two! Three?", scratch));
        Assert.Equal(1, SentenceSplitter.CountSentences("Wait... what", scratch)); // "..." is not a final mark
        Assert.Equal(2, SentenceSplitter.CountSentences("He said \"stop.\" Then left", scratch)); // quote stays with the first
        Assert.Equal(1, SentenceSplitter.CountSentences("Mr. Smith left", scratch)); // abbreviation is one token
        Assert.Equal(0, SentenceSplitter.CountSentences("", scratch));
    }
}
