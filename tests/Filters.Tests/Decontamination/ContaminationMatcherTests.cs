using YuLanData.Filters.Decontamination;

namespace YuLanData.Filters.Tests.Decontamination;

public sealed class ContaminationMatcherTests
{
    private const string Question =
        "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four.";

    private static ContaminationMatcher Matcher(NgramUnit unit = NgramUnit.Words, int n = 13)
    {
        var builder = new NgramIndexBuilder(new NgramIndexParameters(n, unit, MinShortItemUnits: Math.Min(8, n)));
        builder.Add(new BenchmarkItem("gsm8k", "1", Question));
        builder.Add(new BenchmarkItem("mmlu", "7", "What is the capital city of the Republic of France?"));
        return new ContaminationMatcher(builder.Build());
    }

    [Fact]
    public void Finds_an_item_inside_a_document_and_reports_its_span()
    {
        string doc = "Some intro text here. " + Question.ToUpperInvariant().Replace("16", "sixteen ") + " Unrelated ending.";
        var matches = Matcher().Find(doc);
        var m = Assert.Single(matches);
        Assert.Equal(0, m.Item);
        Assert.True(m.Ngrams > 1);
        Assert.StartsWith("EGGS PER DAY", doc[m.Start..]); // the first 13-gram after the changed number
        Assert.EndsWith("WITH FOUR", doc[..m.End]);
        Assert.Equal("eggs per day she eats three for breakfast every morning and bakes muffins",
            ContaminationMatcher.MatchedNgram(doc, m));
    }

    [Fact]
    public void Short_items_match_whole_but_not_in_part()
    {
        var matcher = Matcher();
        Assert.Single(matcher.Find("Quiz: what is the capital city of the republic of france? Paris."));
        Assert.Empty(matcher.Find("What is the capital city of the Republic of Chad?"));
    }

    [Fact]
    public void Clean_text_gives_no_match()
    {
        Assert.Empty(Matcher().Find("Janet's ducks lay many eggs. She sells them at the market on Sundays."));
        Assert.Empty(Matcher().Find(""));
    }

    [Fact]
    public void Character_mode_survives_joined_and_split_words()
    {
        var matcher = Matcher(NgramUnit.Chars, 40);
        Assert.NotEmpty(matcher.Find("x " + Question.Replace(" ", "").Replace("break fast", "breakfast") + " y"));
        Assert.NotEmpty(matcher.Find(Question.Replace("breakfast", "break fast")));
    }

    [Fact]
    public void Cutter_removes_windows_and_short_fragments()
    {
        string before = new string('a', 300), after = new string('b', 50);
        string doc = before + " " + Question + " " + after;
        var matches = Matcher().Find(doc);
        var (fragments, cuts) = ContaminationCutter.Cut(doc, matches, window: 20, minFragment: 100);
        Assert.Equal(1, cuts);
        var fragment = Assert.Single(fragments);
        // The match starts at "Janet" (offset 301); 20 characters before it go, the 31 left after it are too short.
        Assert.Equal(301, matches[0].Start);
        Assert.Equal(new string('a', 281), fragment);
    }
}
