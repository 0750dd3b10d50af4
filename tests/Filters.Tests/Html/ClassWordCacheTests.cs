using YuLanData.Filters.Html;

namespace YuLanData.Filters.Tests.Html;

/// <summary>The per-thread cache of class-vocabulary answers: it answers as the patterns do, keeps each vocabulary
/// apart for one string, and stays bounded however many distinct class names a thread meets.</summary>
public class ClassWordCacheTests
{
    [Theory]
    [InlineData("cookie-banner", true, true, false)]
    [InlineData("site-footer", false, true, false)]
    [InlineData("entry-content", false, false, true)]
    [InlineData("section--ads", false, false, false)]
    [InlineData("recipe-header table-header", false, true, false)]
    public void Answers_are_the_patterns_answers_asked_once_or_many_times(string classAndId, bool strong, bool weak, bool content)
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(strong, BoilerplatePatterns.IsStrong(classAndId));
            Assert.Equal(weak, BoilerplatePatterns.IsWeak(classAndId));
            Assert.Equal(content, BoilerplatePatterns.IsContent(classAndId));
        }
    }

    [Fact]
    public void Each_vocabulary_is_remembered_apart_for_one_string()
    {
        int calls = 0;
        bool Match(string s) { calls++; return s.Length % 2 == 0; }
        string key = "cache-test-" + Guid.NewGuid().ToString("N");
        Assert.Equal(key.Length % 2 == 0, ClassWordCache.Get(key, ClassWord.Lead, Match));
        Assert.Equal(key.Length % 2 == 0, ClassWordCache.Get(key, ClassWord.Lead, Match));
        Assert.Equal(1, calls);
        ClassWordCache.Get(key, ClassWord.PositiveHint, s => false);
        Assert.Equal(key.Length % 2 == 0, ClassWordCache.Get(key, ClassWord.Lead, Match));
        Assert.False(ClassWordCache.Get(key, ClassWord.PositiveHint, s => true));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void The_cache_is_bounded_by_its_entry_limit()
    {
        for (int i = 0; i < ClassWordCache.MaxEntries * 2 + 10; i++)
            BoilerplatePatterns.IsWeak("generated-class-" + i);
        Assert.InRange(ClassWordCache.Count, 1, ClassWordCache.MaxEntries);
    }
}
