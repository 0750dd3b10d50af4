using YuLanData.Filters.Text;

namespace YuLanData.Filters.Tests.Text;

/// <summary>Expected splits are spaCy 3 <c>spacy.blank("en")</c> outputs (datatrove's English word tokenizer),
/// joined with '|'; the CJK cases follow this project's one-character-per-word rule.</summary>
public class WordTokenizerTests
{
    [Theory]
    [InlineData("Hello, world!", "Hello|,|world|!")]
    [InlineData("Don't do that.", "Do|n't|do|that|.")]
    [InlineData("I can't go, we won't stay.", "I|ca|n't|go|,|we|wo|n't|stay|.")]
    [InlineData("It's John's book.", "It|'s|John|'s|book|.")]
    [InlineData("I'm sure you're right and we'll see.", "I|'m|sure|you|'re|right|and|we|'ll|see|.")]
    [InlineData("a well-known fact", "a|well|-|known|fact")]
    [InlineData("pages 3-4", "pages|3|-|4")]
    [InlineData("It costs $5 or 10km or 50%.", "It|costs|$|5|or|10|km|or|50|%|.")]
    [InlineData("Mr. Smith went to the U.S. yesterday.", "Mr.|Smith|went|to|the|U.S.|yesterday|.")]
    [InlineData("apples, pears, etc.", "apples|,|pears|,|etc|.")]
    [InlineData("hello...world", "hello|...|world")]
    [InlineData("wait...", "wait|...")]
    [InlineData("\"Quoted\" text", "\"|Quoted|\"|text")]
    [InlineData("(see https://example.com/a?b=1).", "(|see|https://example.com/a?b=1|)|.")]
    [InlineData("1,000 and 3.14", "1,000|and|3.14")]
    [InlineData("red,green", "red|,|green")]
    [InlineData("gonna cannot", "gon|na|can|not")]
    [InlineData("end.Start", "end|.|Start")]
    [InlineData("  spaced   out \n\n lines\t", "spaced|out|lines")]
    [InlineData("e.g. this", "e.g.|this")]
    [InlineData("?!", "?|!")]
    [InlineData("#hashtag", "#|hashtag")]
    [InlineData("中文字符", "中|文|字|符")]
    [InlineData("日本語とEnglish。", "日|本|語|と|English|。")]
    [InlineData("", "")]
    public void SplitsLikeSpacyEnglish(string text, string expected)
    {
        Assert.Equal(expected, string.Join("|", WordTokenizer.Split(text)));
    }

    [Fact]
    public void TokensAreSlicesOfTheInput()
    {
        const string text = "He said: \"Don't!\" (really)";
        var spans = new List<TokenSpan>();
        WordTokenizer.Tokenize(text, spans);
        int last = 0;
        foreach (var s in spans)
        {
            Assert.True(s.Start >= last && s.Length > 0);
            Assert.False(s.Of(text).ContainsAny(' ', '\n'));
            last = s.End;
        }
        Assert.Equal("He|said|:|\"|Do|n't|!|\"|(|really|)", string.Join("|", spans.Select(s => s.Of(text).ToString())));
    }

    [Fact]
    public void LongPunctuationRunsLoseNothing()
    {
        string text = new string('(', 100) + "word" + new string(')', 100) + ".";
        var words = WordTokenizer.Split(text);
        Assert.Equal(202, words.Length);
        Assert.Equal(text, string.Concat(words));
    }

    [Fact]
    public void RealArticleTokenCountIsCloseToWhitespaceWordsPlusPunctuation()
    {
        // On real English news the spaCy-style split yields more tokens than str.split() (punctuation is split off),
        // but never fewer, and every whitespace word's letters survive in some token.
        foreach (string text in SharedDocs.Texts("web/bbc_news_2225.jsonl.gz", 50))
        {
            int ws = WhitespaceWords.Count(text);
            int toks = WordTokenizer.Split(text).Length;
            Assert.InRange(toks, ws, ws * 2);
        }
    }
}
