using YuLanData.Filters.Dedup;
using YuLanData.Jobs.Dedup;
using YuLanData.Jobs.Execution;

namespace YuLanData.Jobs.Tests.Dedup;

public class MinHashDedupTests
{
    private static readonly DedupSettings MinHash = new() { Mode = DedupMode.MinHash, SplitBytes = 300_000 };

    /// <summary>400 unique real documents in two files, plus 25 edited copies of some of them in a third.</summary>
    private static (List<string> Inputs, List<(string Copy, string Original)> Planted) PlantedCorpus(TempDir tmp, int baseCount = 400, int planted = 25)
    {
        var docs = DedupCorpus.UniqueBbc().Take(baseCount).ToList();
        DedupCorpus.Write(tmp["a.jsonl"], docs.Take(baseCount / 2).Select(d => (d.Id, d.Text)));
        DedupCorpus.Write(tmp["b.jsonl"], docs.Skip(baseCount / 2).Select(d => (d.Id, d.Text)));
        var pairs = new List<(string, string)>();
        var copies = new List<(string, string)>();
        for (int k = 0; k < planted; k++)
        {
            var original = docs[(k * 37 + 11) % baseCount];
            string id = "copy-of-" + original.Id;
            copies.Add((id, DedupCorpus.Edit(original.Text, k)));
            pairs.Add((id, original.Id));
        }
        DedupCorpus.Write(tmp["c.jsonl"], copies);
        return ([tmp["a.jsonl"], tmp["b.jsonl"], tmp["c.jsonl"]], pairs);
    }

    [Theory]
    [InlineData(DedupClustering.Center)]
    [InlineData(DedupClustering.Datatrove)]
    public void Planted_near_duplicates_are_found_unrelated_documents_are_not_merged_and_workers_do_not_matter(DedupClustering clustering)
    {
        var settings = MinHash with { Clustering = clustering, Keep = clustering == DedupClustering.Center ? SurvivorRule.Quality : SurvivorRule.First };
        using var tmp = new TempDir();
        var (inputs, planted) = PlantedCorpus(tmp);
        var hasher = new MinHasher(new MinHashParameters());
        // The edits keep the copies near: check the ground truth first.
        var texts = inputs.SelectMany(f => File.ReadLines(f)).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!)
            .ToDictionary(n => n["id"]!.GetValue<string>(), n => n["text"]!.GetValue<string>());
        Assert.All(planted, p => Assert.InRange(hasher.Jaccard(texts[p.Copy], texts[p.Original]), 0.85, 1.0));

        var (baseline, baseRunner) = DedupTestRun.Run(settings, inputs[..2], tmp["base"]);
        var (summary, runner) = DedupTestRun.Run(settings, inputs, tmp["w1"], workers: 1);
        var (_, runner4) = DedupTestRun.Run(settings, inputs, tmp["w4"], workers: 4);
        Assert.True(runner.Plan.Count >= 4, $"{runner.Plan.Count} tasks");

        var clusters = DedupTestRun.Clusters(runner);
        int found = planted.Count(p => clusters.Any(c => c.Contains(p.Copy) && c.Contains(p.Original)));
        Assert.Equal(planted.Count, found);
        // The original (earlier file, same cleanliness or cleaner) survives, the copy is dropped.
        var dropped = DedupTestRun.Dropped(runner, DedupMode.MinHash);
        Assert.All(planted, p => Assert.Contains(p.Copy, dropped));
        Assert.All(planted, p => Assert.DoesNotContain(p.Original, dropped));

        // False positives: two base documents grouped now must have been grouped without the copies too
        // (real near-duplicate stories exist in BBC), and such base clusters stay rare.
        var baseClusters = DedupTestRun.Clusters(baseRunner);
        bool Together(string x, string y) => baseClusters.Any(c => c.Contains(x) && c.Contains(y));
        foreach (var c in clusters)
        {
            var originals = c.Where(id => !id.StartsWith("copy-of-", StringComparison.Ordinal)).ToList();
            for (int i = 1; i < originals.Count; i++)
                Assert.True(Together(originals[0], originals[i]), $"{originals[0]} and {originals[i]} merged only through copies");
        }
        Assert.True(baseline.DocumentsToDrop <= 10, $"{baseline.DocumentsToDrop} of 400 unique real documents dropped as near-duplicates");
        Assert.Equal(baseline.DocumentsToDrop + planted.Count, summary.DocumentsToDrop);

        DedupTestRun.AssertSameResults(tmp["w1"], tmp["w4"], "between 1 and 4 workers");
        _ = runner4;
    }

    [Fact]
    public void Jaccard_verification_keeps_true_pairs_and_rejects_pairs_below_the_threshold()
    {
        using var tmp = new TempDir();
        var (inputs, planted) = PlantedCorpus(tmp, baseCount: 200, planted: 15);
        var (loose, looseRunner) = DedupTestRun.Run(MinHash with { VerifyJaccard = 0.8 }, inputs, tmp["v80"]);
        var dropped = DedupTestRun.Dropped(looseRunner, DedupMode.MinHash);
        Assert.All(planted, p => Assert.Contains(p.Copy, dropped));
        Assert.True(loose.VerifiedPairs >= planted.Count);
        // Every planted copy is an edit (Jaccard < 1): a threshold of 1 rejects all of their pairs.
        var (strict, strictRunner) = DedupTestRun.Run(MinHash with { VerifyJaccard = 1.0 }, inputs, tmp["v100"]);
        var strictDropped = DedupTestRun.Dropped(strictRunner, DedupMode.MinHash);
        Assert.All(planted, p => Assert.DoesNotContain(p.Copy, strictDropped));
        Assert.True(strict.RejectedPairs >= planted.Count, $"{strict.RejectedPairs} rejected");
    }

    [Fact]
    public void Udhr_clusters_agree_with_brute_force_jaccard()
    {
        using var tmp = new TempDir();
        string input = RealDocuments.WebFile("nltk_udhr2_multilingual.jsonl.gz");
        var (summary, runner) = DedupTestRun.Run(MinHash, [input], tmp["d"]);
        var docs = RealDocuments.Load("nltk_udhr2_multilingual.jsonl.gz");
        var hasher = new MinHasher(new MinHashParameters());
        var sets = docs.Select(d => hasher.Shingles(d.Text).Distinct().Order().ToArray()).ToArray();
        var clusters = DedupTestRun.Clusters(runner);
        var index = docs.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        // Ground truth: every pair of translations with Jaccard >= 0.8 (LSH catches it with p >= 0.92 each).
        int high = 0, caught = 0;
        for (int i = 0; i < sets.Length; i++)
            for (int j = i + 1; j < sets.Length; j++)
            {
                double jac = Jaccard(sets[i], sets[j]);
                if (jac < 0.8)
                    continue;
                high++;
                if (clusters.Any(c => c.Contains(docs[i].Id) && c.Contains(docs[j].Id)))
                    caught++;
            }
        Assert.True(high >= 3, $"{high} near-duplicate translation pairs");
        Assert.True(caught >= high - 1, $"{caught} of {high} pairs with Jaccard >= 0.8 clustered");
        // Precision: every clustered pair is at least moderately similar (the LSH curve is ~0.02 at Jaccard 0.4).
        foreach (var c in clusters)
        {
            var m = c.Select(id => index[id]).ToList();
            Assert.True(m.Skip(1).All(x => Jaccard(sets[m[0]], sets[x]) >= 0.4 || m.Any(y => y != x && Jaccard(sets[y], sets[x]) >= 0.4)),
                $"cluster {string.Join(",", c)} holds a dissimilar document");
        }
        Assert.Equal(summary.DocumentsInClusters - summary.Clusters, summary.DocumentsToDrop);
    }

    private static double Jaccard(ulong[] a, ulong[] b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { common++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        int union = a.Length + b.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }

    [Fact]
    public void Cross_dataset_mode_drops_only_new_documents_matching_the_reference()
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc();
        var old = docs.Take(300).ToList();
        var fresh = docs.Skip(300).Take(100).ToList();
        DedupCorpus.Write(tmp["old.jsonl"], old.Select(d => (d.Id, d.Text)));
        var copies = Enumerable.Range(0, 20).Select(k => ("new-copy-" + k, DedupCorpus.Edit(old[k * 13].Text, 100 + k))).ToList();
        DedupCorpus.Write(tmp["new.jsonl"], fresh.Select(d => (d.Id, d.Text)).Concat(copies));
        var (refSummary, _) = DedupTestRun.Run(MinHash, [tmp["old.jsonl"]], tmp["ref"]);
        var (alone, _) = DedupTestRun.Run(MinHash, [tmp["new.jsonl"]], tmp["alone"]);
        var (summary, runner) = DedupTestRun.Run(MinHash with { Reference = tmp["ref"] }, [tmp["new.jsonl"]], tmp["cross"]);
        var dropped = DedupTestRun.Dropped(runner, DedupMode.MinHash);
        Assert.All(copies, c => Assert.Contains(c.Item1, dropped));
        Assert.True(summary.ReferenceClusters >= 20);
        // Only the new corpus is counted and filtered; the reference folder is untouched.
        Assert.Equal(120, summary.Documents);
        Assert.True(summary.DocumentsToDrop <= 20 + alone.DocumentsToDrop + 3, $"{summary.DocumentsToDrop} dropped");
        Assert.Equal(refSummary, DedupRunner.ReadSummary(Path.Combine(tmp["ref"], "result", "summary.json")) with
        {
            Stage1Seconds = refSummary.Stage1Seconds, Stage2Seconds = refSummary.Stage2Seconds, Stage3Seconds = refSummary.Stage3Seconds,
        });

        // A reference built with other parameters is refused.
        var e = Assert.Throws<RunFolderException>(() => new DedupRunner(MinHash with { Reference = tmp["ref"], MinHash = new MinHashParameters { Rows = 7, Bands = 16 } }, [tmp["new.jsonl"]], tmp["cross2"], 1).Run());
        Assert.Contains("other parameters", e.Message);
    }
}
