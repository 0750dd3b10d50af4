using Xunit.Abstractions;
using YuLanData.Filters.Decontamination;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>
/// Every real item of GSM8K, HumanEval, MMLU and ARC-Challenge (16,697) planted into real BBC news articles,
/// verbatim and after each kind of light edit, against the index of pipelines/decontam/all.yaml.
/// </summary>
public sealed class PlantedItemTests(ITestOutputHelper output)
{
    private sealed record Outcome(int Matchable, int Caught, Dictionary<string, (int Matchable, int Caught)> PerBenchmark, List<string> Missed);

    private static readonly (string Kind, Func<string, Random, string> Edit)[] Edits =
    [
        ("verbatim", (text, _) => text),
        ("case", TextEdits.Case),
        ("whitespace", TextEdits.Whitespace),
        ("punctuation", TextEdits.Punctuation),
        ("numbers", TextEdits.Numbers),
        ("framing", TextEdits.Frame),
        ("all", TextEdits.All),
    ];

    private static readonly Lazy<Dictionary<string, Outcome>> Outcomes = new(Measure);

    /// <summary>Verbatim: every item. Edits: every item of GSM8K, HumanEval and ARC, every 4th of MMLU (3,508 of
    /// 14,042), to keep the test fast; items run in parallel, results are independent of scheduling.</summary>
    private static Dictionary<string, Outcome> Measure()
    {
        var index = DecontamTestData.AllIndex;
        var matcher = new ContaminationMatcher(index);
        var hosts = RealDocuments.Load("bbc_news_2225.jsonl.gz").Select(d => d.Text).ToList();
        var items = DecontamTestData.Items();
        var hits = new bool?[items.Count, Edits.Length];
        Parallel.For(0, items.Count, i =>
        {
            var item = items[i];
            if (!DecontamTestData.Matchable(index, item))
                return;
            for (int e = 0; e < Edits.Length; e++)
            {
                if (e > 0 && item.Benchmark == "mmlu" && i % 4 != 0)
                    continue;
                string doc = DecontamTestData.Plant(hosts[i % hosts.Count], Edits[e].Edit(item.Text, new Random(i)));
                hits[i, e] = DecontamTestData.Caught(index, matcher.Find(doc), item);
            }
        });
        var result = new Dictionary<string, Outcome>();
        for (int e = 0; e < Edits.Length; e++)
        {
            var o = new Outcome(0, 0, [], []);
            for (int i = 0; i < items.Count; i++)
            {
                if (hits[i, e] is not { } hit)
                    continue;
                var item = items[i];
                var (m, c) = o.PerBenchmark.GetValueOrDefault(item.Benchmark);
                o.PerBenchmark[item.Benchmark] = (m + 1, c + (hit ? 1 : 0));
                if (!hit && o.Missed.Count < 5)
                {
                    string edited = Edits[e].Edit(item.Text, new Random(i));
                    o.Missed.Add($"{item.Benchmark}/{item.Id}: {edited[..Math.Min(240, edited.Length)]}".Replace("\n", " | "));
                }
                o = o with { Matchable = o.Matchable + 1, Caught = o.Caught + (hit ? 1 : 0) };
            }
            result[Edits[e].Kind] = o;
        }
        return result;
    }

    private Outcome Report(string kind)
    {
        var o = Outcomes.Value[kind];
        output.WriteLine($"{kind}: caught {o.Caught}/{o.Matchable} = {100.0 * o.Caught / o.Matchable:F2}%  " +
            string.Join(", ", o.PerBenchmark.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value.Caught}/{kv.Value.Matchable}")));
        foreach (var m in o.Missed)
            output.WriteLine("  missed " + m);
        return o;
    }

    [Fact]
    public void Every_verbatim_item_is_caught_and_only_a_handful_are_unindexable()
    {
        var index = DecontamTestData.AllIndex;
        var items = DecontamTestData.Items();
        Assert.Equal(1319 + 164 + 14042 + 1172, items.Count);
        var unmatchable = items.Where(i => !DecontamTestData.Matchable(index, i)).ToList();
        output.WriteLine($"unindexable: {unmatchable.Count}: {string.Join("; ", unmatchable.Select(u => u.Benchmark + "/" + u.Id + ": " + u.Text.Replace("\n", " | ")))}");
        // Only MMLU items under 8 words even with their choices, or made mostly of numbers and one-letter words (MMLU
        // arithmetic: "compute 0 0 0 a 0 b 0 c 0 d 0", the same words as a navigation list), cannot be indexed.
        Assert.All(unmatchable, u => Assert.Equal("mmlu", u.Benchmark));
        Assert.True(unmatchable.Count <= 30, $"{unmatchable.Count} unindexable items");
        var o = Report("verbatim");
        Assert.Equal(items.Count - unmatchable.Count, o.Matchable);
        Assert.Equal(o.Matchable, o.Caught);
    }

    [Theory]
    [InlineData("case")]
    [InlineData("whitespace")]
    [InlineData("punctuation")]
    [InlineData("numbers")]
    [InlineData("framing")]
    [InlineData("all")]
    public void At_least_95_percent_are_caught_after_light_edits(string kind)
    {
        var o = Report(kind);
        foreach (var (benchmark, (m, c)) in o.PerBenchmark)
            Assert.True(c >= 0.95 * m, $"{kind}/{benchmark}: caught {c}/{m}");
    }
}
