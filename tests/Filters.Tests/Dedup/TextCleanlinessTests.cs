using System.Text.Json;
using YuLanData.Filters.Dedup;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.Dedup;

public class TextCleanlinessTests
{
    private static List<string> Articles() =>
        File.ReadLines(RepoPaths.SharedData("web", "article_extraction_benchmark_groundtruth.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();

    [Fact]
    public void A_clean_article_scores_above_the_same_article_with_navigation_and_link_lists_on_real_pages()
    {
        var articles = Articles();
        int ranked = 0;
        for (int p = 0; p < articles.Count; p++)
        {
            // Page furniture made of real text: other articles' opening words as link lines, a menu, a footer.
            var links = Enumerable.Range(1, 8).Select(k => string.Join(' ', articles[(p + k) % articles.Count].Split(' ').Take(7)).TrimEnd('.', '!', '?'));
            string page = "Home\nWorld\nBusiness\nSign in\n\n" + articles[p] + "\n\nRelated stories\n" + string.Join('\n', links) + "\n\nPrivacy Policy\nTerms of Use";
            if (TextCleanliness.Score(articles[p]) > TextCleanliness.Score(page))
                ranked++;
        }
        Assert.True(ranked >= articles.Count * 95 / 100, $"{ranked} of {articles.Count} clean articles ranked above their full page");
        Assert.True(Articles().Average(a => TextCleanliness.Score(a)) >= 0.85);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("Home\nNews\nSports", 0)]
    [InlineData("This is one whole sentence.\nMenu", 0.87)] // 27 of 31 characters
    [InlineData("He said: \"We will go there tomorrow.\"", 1)]
    [InlineData("今天天气很好，我们去公园散步吧。\n首页", 0.89)] // CJK sentence without spaces: 16 of 18 characters
    public void Score_is_the_share_of_characters_in_sentence_lines(string text, double expected)
    {
        Assert.Equal(expected, TextCleanliness.Score(text), 2);
    }
}
