using YuLanData.Filters.Text;

namespace YuLanData.Filters.Tests.Text;

public class ParagraphsAndNGramsTests
{
    // Expected pieces printed by datatrove's split_into_paragraphs for the same inputs.
    [Theory]
    [InlineData("a\nb", new[] { "a\n", "b" })]
    [InlineData("a\n\nb\n", new[] { "a\n\n", "b" })]
    [InlineData("\n\nfirst\n\n\nsecond\nthird\n", new[] { "\n\n", "first\n\n\n", "second\n", "third" })]
    [InlineData("x\r\ny\r\n\r\nz", new[] { "x\n", "y\n\n", "z" })]
    [InlineData("", new string[0])]
    [InlineData("   \n  ", new[] { "   \n  " })]
    [InlineData("only", new[] { "only" })]
    public void ParagraphsMatchDatatrove(string text, string[] expected)
    {
        Assert.Equal(expected, Paragraphs.SplitToStrings(text));
        if (!text.Contains('\r'))
        {
            var ranges = new List<TokenSpan>();
            Paragraphs.Split(text, ranges);
            Assert.Equal(expected, ranges.Select(r => text.Substring(r.Start, r.Length)).ToArray());
        }
    }

    [Fact]
    public void NGramHashesDependOnlyOnWords()
    {
        const string a = "The cat sat on the mat.";
        const string b = "Yesterday,   the cat sat on the mat!";
        var ta = new List<TokenSpan>();
        var tb = new List<TokenSpan>();
        WordTokenizer.Tokenize(a, ta);
        WordTokenizer.Tokenize(b, tb);
        var ha = new ulong[ta.Count];
        var hb = new ulong[tb.Count];
        int na = WordNGrams.Hashes(a, ta.ToArray(), 3, ha);
        int nb = WordNGrams.Hashes(b, tb.ToArray(), 3, hb);
        Assert.Equal(7 - 3 + 1, na); // The|cat|sat|on|the|mat|.
        // "cat sat on", "sat on the", "on the mat" are shared; "The cat sat" (capital T) is not
        var shared = ha.Take(na).Intersect(hb.Take(nb)).Count();
        Assert.Equal(3, shared);
        Assert.Equal(["cat sat on", "sat on the", "on the mat", "the mat ."], WordNGrams.Strings(a, 3).Skip(1));
        Assert.Equal(0, WordNGrams.Hashes(a, ta.ToArray(), 10, new ulong[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => WordNGrams.Hashes(a, ta.ToArray(), 0, ha));
    }
}
