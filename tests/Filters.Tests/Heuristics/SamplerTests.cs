using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

public class SamplerTests
{
    [Fact]
    public void DecisionDependsOnlyOnSeedAndIdNotOnOrder()
    {
        var f = new SamplerFilter(new SamplerOptions { Rate = 0.25, Seed = 42 });
        var ids = Enumerable.Range(0, 4000).Select(i => $"doc-{i}").ToArray();
        var forward = ids.Select(id => f.Apply(new FilterInput("x", id, new JsonObject())).Keep).ToArray();
        // another instance, reversed order, in parallel: same decisions
        var g = new SamplerFilter(new SamplerOptions { Rate = 0.25, Seed = 42 });
        var parallel = ids.Reverse().AsParallel().Select(id => (id, g.Apply(new FilterInput("x", id, new JsonObject())).Keep)).ToDictionary(p => p.id, p => p.Keep);
        for (int i = 0; i < ids.Length; i++) Assert.Equal(forward[i], parallel[ids[i]]);
        int kept = forward.Count(k => k);
        Assert.InRange(kept, 1000 - 95, 1000 + 95); // 4000 * 0.25 ± 3.5 sigma (sigma = 27.4)
    }

    [Fact]
    public void SeedChangesTheDrawAndRatesAreMonotone()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"d{i}").ToArray();
        bool[] Keep(double rate, long seed) => ids.Select(id => new SamplerFilter(new SamplerOptions { Rate = rate, Seed = seed })
            .Apply(new FilterInput("", id, new JsonObject())).Keep).ToArray();
        var a = Keep(0.5, 1);
        var b = Keep(0.5, 2);
        Assert.NotEqual(a, b);
        // the same seed at a higher rate keeps a superset
        var low = Keep(0.3, 1);
        Assert.All(Enumerable.Range(0, ids.Length), i => Assert.True(!low[i] || a[i]));
        Assert.All(Keep(0, 1), k => Assert.False(k));
        Assert.All(Keep(1, 1), k => Assert.True(k));
        Assert.Equal("sampled_out", new SamplerFilter(new SamplerOptions { Rate = 0 }).Apply(new FilterInput("", "x", new JsonObject())).Reason);
        Assert.Throws<ArgumentException>(() => new SamplerFilter(new SamplerOptions { Rate = 1.5 }));
    }
}
