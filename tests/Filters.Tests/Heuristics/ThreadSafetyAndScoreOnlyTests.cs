using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

public class ThreadSafetyAndScoreOnlyTests
{
    [Fact]
    public void SharedFiltersGiveTheSameDecisionsInParallel()
    {
        // one instance of each filter shared by all threads, as the engine does
        IDocumentFilter[] stack =
        [
            new GopherRepetitionFilter(new()), new GopherQualityFilter(new()), new C4QualityFilter(new()),
            new FineWebQualityFilter(new()), new CodeQualityFilter(new() { DefaultLanguage = "python" }),
        ];
        var texts = SharedDocs.Texts("web/dclm_quality_annotated_cc.jsonl.gz", 300)
            .Concat(SharedDocs.Texts("web/bbc_news_2225.jsonl.gz", 200)).ToList();
        string Run(string t) => string.Join("|", stack.Select(f => { var o = f.Apply(SharedDocs.Input(t)); return o.Reason ?? (o.NewText is null ? "keep" : "rw" + o.NewText.Length); }));
        var sequential = texts.Select(Run).ToArray();
        var parallel = texts.AsParallel().WithDegreeOfParallelism(4).Select((t, i) => (i, Run(t))).ToArray();
        foreach (var (i, r) in parallel) Assert.Equal(sequential[i], r);
    }

    [Fact]
    public void ListFiltersHaveScoreOnlyModes()
    {
        var input = new FilterInput("visit the casino", "d1", new JsonObject());
        Assert.True(new RegexFilter(new RegexFilterOptions { RegexExp = "casino", ScoreOnly = true }).Apply(input).Keep);
        Assert.Equal("casino", input.Metadata["regex_filter"]!["match"]!.GetValue<string>());
        Assert.Equal("regex", input.Metadata["regex_filter"]!["would_drop"]!.GetValue<string>());

        var s = new FilterInput("", "d2", new JsonObject());
        Assert.True(new SamplerFilter(new SamplerOptions { Rate = 0, ScoreOnly = true }).Apply(s).Keep);
        Assert.Equal("sampled_out", s.Metadata["sampler"]!["would_drop"]!.GetValue<string>());
        Assert.Equal(Math.Round(DocumentRandom.Uniform(0, "d2"), 6), s.Metadata["sampler"]!["u"]!.GetValue<double>());
    }
}
