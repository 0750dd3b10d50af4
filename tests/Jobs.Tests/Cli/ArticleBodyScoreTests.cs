using YuLanData.Cli.Bench;

namespace YuLanData.Jobs.Tests;

/// <summary>
/// <see cref="ArticleBodyScore"/> against numbers computed by the ScrapingHub benchmark's own evaluate.py
/// (string_shingle_matching, metrics_from_tp_fp_fns, _tokenize) on the same strings.
/// </summary>
public class ArticleBodyScoreTests
{
    [Fact]
    public void Tokens_are_pythons_unicode_word_runs()
    {
        Assert.Equal(new[] { "naïve", "café", "costs", "½", "euro", "snake_case", "x²" }, ArticleBodyScore.Tokenize("naïve café costs ½ euro, snake_case x²"));
        // A combining accent is not a word character in Python's re: it ends the token (.NET's \w would keep it).
        Assert.Equal(new[] { "cafe", "au", "lait" }, ArticleBodyScore.Tokenize("cafe\u0301 au lait"));
    }

    [Fact]
    public void Per_page_shares_and_averages_match_evaluate_py()
    {
        var score = new ArticleBodyScore();
        AssertTriple((0.2727272727272727, 0.45454545454545453, 0.2727272727272727),
            score.Add("The quick brown fox jumps over the lazy dog", "The quick brown fox jumps over a lazy cat and more"));
        AssertTriple((0.5, 0, 0.5), score.Add("naïve café costs ½ euro, snake_case x²", "naïve café costs ½ euro"));
        AssertTriple((1, 0, 0), score.Add("one two", "one two"));
        AssertTriple((0, 1, 0), score.Add("", "nothing here at all"));
        Assert.Equal(0.59375, score.Precision, 12);
        Assert.Equal(0.6666666666666666, score.Recall, 12);
        Assert.Equal(0.628099173553719, score.F1, 12);
        Assert.Equal(0.25, score.Accuracy, 12);
    }

    private static void AssertTriple((double Tp, double Fp, double Fn) expected, (double Tp, double Fp, double Fn) actual)
    {
        Assert.Equal(expected.Tp, actual.Tp, 12);
        Assert.Equal(expected.Fp, actual.Fp, 12);
        Assert.Equal(expected.Fn, actual.Fn, 12);
    }
}
