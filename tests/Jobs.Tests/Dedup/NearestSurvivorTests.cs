using Xunit.Abstractions;
using System.Text.Json;
using YuLanData.Filters.Dedup;
using YuLanData.Jobs.Dedup;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary>
/// Every removed document keeps a close survivor: on several real extractions of the benchmark's pages, no document
/// is removed whose word-5-gram Jaccard to every surviving document is below 0.5 (computed here by brute force over
/// all survivors), and each page keeps one of its clean extractions. datatrove's union-find with "keep first"
/// removes such documents on the same data.
/// </summary>
public class NearestSurvivorTests(ITestOutputHelper log)
{
    private sealed record Outcome(int Removed, int WithoutCloseSurvivor, int PagesWithoutCleanSurvivor, DedupSummary Summary);

    private Outcome Measure(DedupSettings settings, List<string> files, List<ExtractionCorpus.Extraction> extractions, string output)
    {
        var (summary, runner) = DedupTestRun.Run(settings, files, output);
        var dropped = DedupTestRun.Dropped(runner, DedupMode.MinHash);
        var hasher = new MinHasher(new MinHashParameters());
        var sets = extractions.ToDictionary(e => e.Id, e => ShingleSet.Of(hasher.Shingles(e.Text)));
        var survivors = extractions.Where(e => !dropped.Contains(e.Id)).Select(e => sets[e.Id]).ToList();
        int far = dropped.Count(id => survivors.Max(s => ShingleSet.Jaccard(sets[id], s)) < 0.5);
        int pagesLost = extractions.GroupBy(e => e.Page).Count(g => g.Where(e => e.IsClean).All(e => dropped.Contains(e.Id)));
        log.WriteLine($"{settings.Clustering}: {extractions.Count} extractions, {dropped.Count} removed, {far} without a survivor at Jaccard >= 0.5, {pagesLost} of 181 pages lost every clean extraction");
        return new Outcome(dropped.Count, far, pagesLost, summary);
    }

    [Fact]
    public void Default_clustering_removes_no_document_without_a_close_survivor_and_keeps_a_clean_extraction_of_every_page()
    {
        using var tmp = new TempDir();
        var (files, extractions) = ExtractionCorpus.Write(tmp);
        var settings = new DedupSettings { Mode = DedupMode.MinHash };
        var center = Measure(settings, files, extractions, tmp["center"]);
        var datatrove = Measure(settings with { Clustering = DedupClustering.Datatrove, Keep = SurvivorRule.First }, files, extractions, tmp["datatrove"]);

        // The near-identical clean copies are still removed (two per page).
        Assert.True(center.Removed >= 2 * 181 - 10, $"center clustering removed {center.Removed}");
        Assert.Equal(0, center.WithoutCloseSurvivor);
        Assert.Equal(0, center.PagesWithoutCleanSurvivor);
        // The run's own report agrees.
        Assert.Equal(0, center.Summary.RemovedWithoutCloseSurvivor);
        var report = JsonSerializer.Deserialize<NearestSurvivorReport>(File.ReadAllText(Path.Combine(tmp["center"], "result", "nearest_survivor.json")), JsonOutput.Indented)!;
        Assert.Equal(center.Summary.DocumentsToDrop, report.Removed);
        Assert.Equal(report.Removed, report.Bins[8..].Sum());

        // datatrove's decisions on the same data: chains remove clean copies far from the full page they keep.
        Assert.True(datatrove.WithoutCloseSurvivor >= 20, $"datatrove mode: {datatrove.WithoutCloseSurvivor} of {datatrove.Removed} removed without a close survivor");
        Assert.True(datatrove.PagesWithoutCleanSurvivor >= 20, $"datatrove mode: {datatrove.PagesWithoutCleanSurvivor} pages lost every clean extraction");
        Assert.Null(datatrove.Summary.RemovedWithoutCloseSurvivor);
    }
}
