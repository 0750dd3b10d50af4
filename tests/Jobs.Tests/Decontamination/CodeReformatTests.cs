using System.Text.RegularExpressions;
using Xunit.Abstractions;
using YuLanData.Filters.Decontamination;
using YuLanData.Jobs.Decontamination;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>HumanEval solutions copied into web pages after a code formatter ran over them, in both n-gram modes.</summary>
public sealed partial class CodeReformatTests(ITestOutputHelper output)
{
    /// <summary>Re-indents to 2 spaces, removes the spaces around operators and after commas, swaps quote styles,
    /// and turns blank lines into none.</summary>
    private static string Reformat(string code)
    {
        var lines = code.Split('\n').Where(l => l.Trim().Length > 0).Select(l =>
        {
            int indent = l.Length - l.TrimStart(' ').Length;
            return new string(' ', indent / 2) + l.TrimStart(' ');
        });
        string text = string.Join("\n", lines);
        text = OperatorSpaces().Replace(text, "$1");
        return text.Replace('\'', '\u0001').Replace('"', '\'').Replace('\u0001', '"');
    }

    [GeneratedRegex(@" ?([=+\-*/<>,:]) ?")]
    private static partial Regex OperatorSpaces();

    [Theory]
    [InlineData("words", 13)]
    [InlineData("chars", 50)]
    public void Reformatted_solutions_are_caught_and_clean_pages_are_not(string unit, int n)
    {
        var shipped = DecontamTestData.Config("humaneval.yaml");
        var config = shipped with { Parameters = shipped.Parameters with { N = n, Unit = unit == "chars" ? NgramUnit.Chars : NgramUnit.Words } };
        var index = IndexBuild.Build([(config, "humaneval.yaml")]);
        var matcher = new ContaminationMatcher(index);
        var hosts = RealDocuments.Load("bbc_news_2225.jsonl.gz");
        var items = DecontamTestData.Items().Where(i => i.Benchmark == "humaneval").ToList();
        int caught = items.Where((item, k) =>
        {
            string doc = DecontamTestData.Plant(hosts[k * 7 % hosts.Count].Text, Reformat(item.Text));
            return DecontamTestData.Caught(index, matcher.Find(doc), item);
        }).Count();
        int flagged = hosts.Count(h => matcher.Find(h.Text).Count > 0);
        output.WriteLine($"{unit} n={n}: caught {caught}/{items.Count} reformatted; flagged {flagged}/{hosts.Count} clean BBC articles");
        Assert.Equal(items.Count, caught);
        Assert.Equal(0, flagged);
    }
}
