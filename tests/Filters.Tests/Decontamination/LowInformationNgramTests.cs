using YuLanData.Filters.Decontamination;

namespace YuLanData.Filters.Tests.Decontamination;

/// <summary>The scaffolding guard and whole-item matching of short questions.</summary>
public sealed class LowInformationNgramTests
{
    // A MATH-style item whose solution draws a labelled diagram (asymptote code), and an MBPP-style item whose tests
    // list single letters: their n-grams include runs of one-letter words that navigation bars also produce.
    private const string DiagramItem = "In the diagram, find the area of the shaded region.\n[asy]\ndraw((0,0)--(4,0)--(4,3)--cycle);\n" +
        "label(\"a\",(0,0),W); label(\"b\",(4,0),E); label(\"c\",(4,3),N); label(\"d\",(2,0),S); label(\"e\",(2,1.5),NW);\n[/asy]\nThe area is 6.";
    private const string ListItem = "Write a function to split a string into characters.\ndef split(word):\n  return list(word)\n" +
        "assert split('abcdefghijklm') == ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm']\n" +
        "assert count_letters('abcdefghijk') == {'a': 1, 'b': 1, 'c': 1, 'd': 1, 'e': 1, 'f': 1, 'g': 1, 'h': 1, 'i': 1, 'j': 1, 'k': 1}";

    private static ContaminationMatcher Matcher(bool skipScaffolding, params BenchmarkItem[] items)
    {
        var builder = new NgramIndexBuilder(new NgramIndexParameters()) { SkipScaffolding = skipScaffolding };
        foreach (var item in items)
            builder.Add(item);
        return new ContaminationMatcher(builder.Build());
    }

    [Theory]
    [InlineData("Browse by letter: A | B | C | D | E | F | G | H | I | J | K | L | M | N | O | P | Q | R. Contact us.")]
    [InlineData("Glossary index a 0 b 0 c 0 d 0 e 0 f 0 g 0 h 0 i 0 j 0 k 0 (counts per letter).")]
    public void Navigation_lists_do_not_match_items_built_from_diagram_code_or_letter_lists(string navigation)
    {
        BenchmarkItem[] items = [new("math", "1", DiagramItem), new("mbpp", "2", ListItem)];
        Assert.NotEmpty(Matcher(skipScaffolding: false, items).Find(navigation)); // what the guard is for
        Assert.Empty(Matcher(skipScaffolding: true, items).Find(navigation));
        // The items themselves are still found through their informative n-grams.
        var guarded = Matcher(skipScaffolding: true, items);
        Assert.Single(guarded.Find("Homework help. " + DiagramItem + " Thanks!"));
        Assert.Single(guarded.Find("Exercise:\n" + ListItem));
    }

    [Fact]
    public void A_short_question_indexed_alone_matches_whole_wherever_it_occurs()
    {
        const string problem = "Simplify $(u+4)(u-1) - (u-3)(u+6)$.";
        const string solution = "Expanding the first two binomials, we get (u+4)(u-1) = u^2 + 3u - 4, and the second gives u^2 + 3u - 18, so the answer is 14.";
        var joined = Matcher(true, new BenchmarkItem("math", "1", problem + "\n" + solution));
        var alone = Matcher(true, new BenchmarkItem("math", "1", problem + "\n" + solution, [problem]));
        string page = "Practice set 4. Simplify (u + 4)(u - 1) - (u - 3)(u + 6). Show your work below.";
        Assert.Empty(joined.Find(page)); // the n-grams of problem + solution never fit inside the problem alone
        Assert.Single(alone.Find(page));
        Assert.Empty(alone.Find("Simplify (v + 4)(v - 1) - (v - 3)(v + 6)."));
    }

    [Fact]
    public void A_whole_short_item_needs_one_word_longer_than_a_character()
    {
        var matcher = Matcher(true, new BenchmarkItem("mmlu", "1", "a b c d e f g h i", ["a b c d e f g h i"]));
        Assert.Empty(matcher.Find("Index: a b c d e f g h i j k"));
        Assert.Equal(0, matcher.Index.Items[0].Ngrams);
    }

    [Fact]
    public void Chinese_items_match_by_characters_inside_chinese_text()
    {
        // CMMLU agronomy/0 and a sentence of the lingua test data (real Chinese text has no spaces).
        const string question = "在农业生产中被当作极其重要的劳动对象发挥作用，最主要的不可替代的基本生产资料是";
        var matcher = Matcher(true, new BenchmarkItem("cmmlu", "agronomy/0", question + "\n农业生产工具\n土地\n劳动力\n资金", [question]));
        const string host = "102年度彰化县劳工运动会暨园游会于12月1日(星期日)上午在县立体育场盛大登场，";
        Assert.Single(matcher.Find(host + question + "？答案是土地。" + host));
        Assert.Single(matcher.Find(host + "在农业生产中，被当作极其重要的劳动对象发挥作用、最主要的不可替代的基本生产资料是：" + host));
        Assert.Empty(matcher.Find(host + "在工业生产中被当作极其重要的对象" + host));
    }
}
