using System.Text.Json.Nodes;
using YuLanData.Jobs.Dedup;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary>Which copy the default (center, quality order) mode keeps, against datatrove's keep-first; and
/// verification against a reference folder that stored no shingle sets.</summary>
public class SurvivorChoiceTests
{
    private static readonly DedupSettings Center = new() { Mode = DedupMode.MinHash };

    /// <summary>Real BBC articles, each also as an earlier "page" copy: a menu above and a sign-off below (still
    /// Jaccard >= 0.8 to the article).</summary>
    private static (string Pages, string Articles, List<(string Page, string Article)> Pairs) Corpus(TempDir tmp)
    {
        var docs = DedupCorpus.UniqueBbc().Where(d => d.Text.Length > 2500).Take(40).ToList();
        var pairs = docs.Select(d => ("page-" + d.Id, d.Id)).ToList();
        DedupCorpus.Write(tmp["pages.jsonl"], docs.Select(d => ("page-" + d.Id, "Home\nNews\nSport\nWeather\n" + d.Text + "\nShare this page\nMore on this story")),
            i => new JsonObject { ["score"] = 2 });
        DedupCorpus.Write(tmp["articles.jsonl"], docs.Select(d => (d.Id, d.Text)), i => new JsonObject { ["score"] = 1 });
        return (tmp["pages.jsonl"], tmp["articles.jsonl"], pairs);
    }

    [Fact]
    public void The_cleaner_copy_survives_by_default_the_first_in_datatrove_mode_and_a_priority_field_comes_first()
    {
        using var tmp = new TempDir();
        var (pages, articles, pairs) = Corpus(tmp);
        var (_, center) = DedupTestRun.Run(Center, [pages, articles], tmp["center"]);
        var dropped = DedupTestRun.Dropped(center, DedupMode.MinHash);
        Assert.All(pairs, p => Assert.Contains(p.Page, dropped));
        Assert.All(pairs, p => Assert.DoesNotContain(p.Article, dropped));

        var (_, first) = DedupTestRun.Run(Center with { Clustering = DedupClustering.Datatrove, Keep = SurvivorRule.First }, [pages, articles], tmp["first"]);
        dropped = DedupTestRun.Dropped(first, DedupMode.MinHash);
        Assert.All(pairs, p => Assert.Contains(p.Article, dropped));

        var (_, scored) = DedupTestRun.Run(Center with { PriorityField = "score" }, [pages, articles], tmp["scored"]);
        dropped = DedupTestRun.Dropped(scored, DedupMode.MinHash);
        Assert.All(pairs, p => Assert.Contains(p.Article, dropped));
        Assert.All(pairs, p => Assert.DoesNotContain(p.Page, dropped));
    }

    [Fact]
    public void A_reference_run_without_stored_shingle_sets_is_verified_from_its_texts()
    {
        using var tmp = new TempDir();
        var (pages, articles, pairs) = Corpus(tmp);
        var unverified = Center with { Clustering = DedupClustering.Datatrove, Keep = SurvivorRule.First };
        DedupTestRun.Run(unverified, [articles], tmp["ref"]);
        Assert.False(Directory.Exists(Path.Combine(tmp["ref"], "signatures", "shingles")));
        var (summary, runner) = DedupTestRun.Run(Center with { Reference = tmp["ref"] }, [pages], tmp["cross"]);
        var dropped = DedupTestRun.Dropped(runner, DedupMode.MinHash);
        Assert.All(pairs, p => Assert.Contains(p.Page, dropped));
        Assert.Equal(pairs.Count, summary.ReferenceClusters);
        Assert.Equal(0, summary.RemovedWithoutCloseSurvivor);
    }
}
