using System.Text.Json.Nodes;
using YuLanData.Jobs.Dedup;

namespace YuLanData.Jobs.Tests.Dedup;

public class ExactDedupTests
{
    private static readonly DedupSettings RawText = new() { Mode = DedupMode.Exact, ExactKey = ExactKeyKind.Text };

    [Fact]
    public void Bbc_news_has_98_extra_exact_copies_and_the_filter_drops_exactly_them()
    {
        using var tmp = new TempDir();
        string input = RealDocuments.WebFile("bbc_news_2225.jsonl.gz");
        var (summary, runner) = DedupTestRun.Run(RawText, [input], tmp["dedup"]);
        Assert.Equal(2225, summary.Documents);
        Assert.Equal(98, summary.DocumentsToDrop);

        // The filter stage in a pipeline: survivors are the first copy of every text, in file order.
        string yaml = PipelineRunner.Yaml([input], tmp["run"], stages: $"- exact_dedup_filter:\n    folder: \"{tmp["dedup"]}\"", format: "jsonl");
        var (stats, folder) = PipelineRunner.Run(yaml, tmp["p.yaml"]);
        Assert.Equal(2225 - 98, stats.Kept);
        Assert.Equal(98, stats.Stages[0].Dropped["exact_duplicate"]);
        var kept = Directory.GetFiles(folder.OutputDir).SelectMany(File.ReadLines).Select(l => JsonNode.Parse(l)!).ToList();
        var all = RealDocuments.Load("bbc_news_2225.jsonl.gz");
        var firstIds = all.DistinctBy(d => d.Text).Select(d => d.Id).ToHashSet();
        Assert.Equal(firstIds, kept.Select(k => k["id"]!.GetValue<string>()).ToHashSet());
    }

    [Fact]
    public void Normalized_text_also_catches_copies_differing_in_case_punctuation_and_digits()
    {
        using var tmp = new TempDir();
        var (summary, _) = DedupTestRun.Run(RawText with { ExactKey = ExactKeyKind.NormalizedText }, [RealDocuments.WebFile("bbc_news_2225.jsonl.gz")], tmp["d"]);
        Assert.True(summary.DocumentsToDrop > 98, $"{summary.DocumentsToDrop}");
    }

    [Fact]
    public void Duplicates_in_other_files_and_tasks_are_found_and_results_do_not_depend_on_workers()
    {
        using var tmp = new TempDir();
        var all = RealDocuments.Load("bbc_news_2225.jsonl.gz");
        // Four files, documents dealt round-robin, so copies sit in different files; small split -> several tasks per file.
        var inputs = new List<string>();
        for (int f = 0; f < 4; f++)
        {
            string path = tmp[$"part{f}.jsonl"];
            DedupCorpus.Write(path, all.Where((_, i) => i % 4 == f).Select(d => (d.Id, d.Text)));
            inputs.Add(path);
        }
        var settings = RawText with { SplitBytes = 400_000 };
        var (one, r1) = DedupTestRun.Run(settings, inputs, tmp["w1"], workers: 1);
        var (four, r4) = DedupTestRun.Run(settings, inputs, tmp["w4"], workers: 4);
        Assert.True(r1.Plan.Count > 4, $"{r1.Plan.Count} tasks");
        Assert.Equal(98, one.DocumentsToDrop);
        Assert.Equal(98, four.DocumentsToDrop);
        DedupTestRun.AssertSameResults(tmp["w1"], tmp["w4"], "between 1 and 4 workers");
        // keep=first means: earliest file, then earliest line.
        var dropped = DedupTestRun.Dropped(r1, DedupMode.Exact);
        var order = inputs.SelectMany(DedupCorpus.Ids).ToList();
        var textOf = all.ToDictionary(d => d.Id, d => d.Text);
        var firstByText = order.GroupBy(id => textOf[id]).ToDictionary(g => g.Key, g => g.First());
        Assert.All(dropped, id => Assert.NotEqual(firstByText[textOf[id]], id));
        Assert.Equal(98, dropped.Count);
    }

    [Fact]
    public void Url_dedup_keeps_the_highest_score_with_ties_to_the_first()
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc().Take(6).ToList();
        string[] urls =
        [
            "https://www.bbc.co.uk/news/a?x=1&y=2",
            "HTTPS://bbc.co.uk:443/news/a/?y=2&x=1#comments",
            "https://bbc.co.uk/news/a",
            "http://example.org/b",
            "http://EXAMPLE.org:80/b/",
            "",
        ];
        double[] scores = [0.2, 0.9, 0.5, 0.7, 0.7, 1.0];
        string input = tmp["urls.jsonl"];
        DedupCorpus.Write(input, docs.Select((d, i) => ($"doc{i}", d.Text)), i => new JsonObject { ["url"] = urls[i], ["quality"] = scores[i] });
        var settings = new DedupSettings { Mode = DedupMode.Exact, ExactKey = ExactKeyKind.Url, StripWww = true, Keep = SurvivorRule.Field, PriorityField = "quality" };
        var (summary, runner) = DedupTestRun.Run(settings, [input], tmp["d"]);
        Assert.Equal(1, summary.DocumentsWithoutKey);
        Assert.Equal(["doc0", "doc4"], DedupTestRun.Dropped(runner, DedupMode.Exact).Order());
    }

    [Fact]
    public void By_id_a_survivor_sharing_its_id_with_a_dropped_copy_keeps_both()
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc().Take(3).ToList();
        string input = tmp["ids.jsonl"];
        DedupCorpus.Write(input, [("a", docs[0].Text), ("b", docs[1].Text), ("a", docs[0].Text), ("c", docs[1].Text)]);
        var (summary, runner) = DedupTestRun.Run(RawText with { ByContent = false }, [input], tmp["d"]);
        Assert.Equal(2, summary.Clusters);
        Assert.Equal(1, summary.KeptForSharedId);
        Assert.Equal(1, summary.DocumentsToDrop);
        Assert.Equal(["c"], DedupTestRun.Dropped(runner, DedupMode.Exact));
    }

    [Fact]
    public void By_content_copies_are_dropped_whatever_their_ids_and_the_shared_ids_are_counted()
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc().Take(3).ToList();
        string input = tmp["ids.jsonl"];
        // a@0 and a@2: the same id and text (a real duplicate that also repeats its id); c@3 copies b@1; b@5 copies e@4
        // under the id of the survivor b@1 (by id alone, a@2 and b@5 would both be kept).
        DedupCorpus.Write(input, [("a", docs[0].Text), ("b", docs[1].Text), ("a", docs[0].Text), ("c", docs[1].Text), ("e", docs[2].Text), ("b", docs[2].Text)]);
        var (summary, runner) = DedupTestRun.Run(RawText, [input], tmp["d"]);
        Assert.Equal(3, summary.Clusters);
        Assert.Equal(3, summary.DocumentsToDrop);
        Assert.Equal(0, summary.KeptForSharedId);
        Assert.Equal(1, summary.DroppedWithSharedId);
        Assert.Equal(["0:2", "0:3", "0:5"], DedupTestRun.DroppedByExactFilter(runner).Select(d => d.Position).Order());

        // The same through a pipeline run: every text once, the first copy of each.
        string yaml = PipelineRunner.Yaml([input], tmp["run"], stages: $"- exact_dedup_filter:\n    folder: \"{tmp["d"]}\"", format: "jsonl");
        var (stats, folder) = PipelineRunner.Run(yaml, tmp["p.yaml"]);
        Assert.Equal(3, stats.Kept);
        var kept = Directory.GetFiles(folder.OutputDir).SelectMany(File.ReadLines).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(3, kept.Select(k => k["text"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(["a", "b", "e"], kept.Select(k => k["id"]!.GetValue<string>()).Order());

        // clusters.jsonl names the documents by id as well as by task:position.
        var clusters = File.ReadLines(runner.Folder.Clusters).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["a", "a"], clusters[0]["member_ids"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("a", clusters[0]["keep_id"]!.GetValue<string>());
        Assert.Equal(["b", "c"], clusters[1]["member_ids"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(["0:1", "0:3"], clusters[1]["members"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public void Same_id_copies_in_different_tasks_are_dropped_and_counted()
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc().Take(2).ToList();
        string first = tmp["1.jsonl"], second = tmp["2.jsonl"];
        DedupCorpus.Write(first, [("a", docs[0].Text), ("a", docs[0].Text)]);
        DedupCorpus.Write(second, [("a", docs[0].Text), ("b", docs[1].Text)]);
        var (summary, runner) = DedupTestRun.Run(RawText, [first, second], tmp["d"]);
        Assert.Equal(0, summary.KeptForSharedId);
        Assert.Equal(2, summary.DroppedWithSharedId);
        Assert.Equal(2, summary.DocumentsToDrop);
        Assert.Equal(["0:1", "1:0"], DedupTestRun.DroppedByExactFilter(runner).Select(d => d.Position));

        // Through a pipeline over the same inputs: one "a" survives; another split or order is refused.
        string yaml = PipelineRunner.Yaml([first, second], tmp["run"], stages: $"- exact_dedup_filter:\n    folder: \"{tmp["d"]}\"", format: "jsonl");
        var (stats, _) = PipelineRunner.Run(yaml, tmp["p.yaml"]);
        Assert.Equal(2, stats.Kept);
        string reversed = PipelineRunner.Yaml([second, first], tmp["run2"], stages: $"- exact_dedup_filter:\n    folder: \"{tmp["d"]}\"", format: "jsonl");
        var error = Assert.ThrowsAny<Exception>(() => PipelineRunner.Run(reversed, tmp["p2.yaml"]));
        Assert.Contains("same split size", error.ToString());
    }

    [Fact]
    public void Unreadable_records_are_skipped_and_counted()
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc().Take(3).ToList();
        string input = tmp["bad.jsonl"];
        DedupCorpus.Write(input, [("a", docs[0].Text), ("b", docs[1].Text), ("c", docs[0].Text)]);
        var lines = File.ReadAllLines(input).ToList();
        lines.Insert(1, "{\"id\": \"broken\", \"text\": \"unterminated");
        File.WriteAllLines(input, lines);
        var (summary, runner) = DedupTestRun.Run(RawText, [input], tmp["d"]);
        Assert.Equal(3, summary.Documents);
        Assert.Equal(1, summary.UnreadableRecords);
        Assert.Equal(["c"], DedupTestRun.Dropped(runner, DedupMode.Exact));
    }

    [Fact]
    public void A_shard_ingested_twice_is_deduplicated_by_content_but_not_by_id()
    {
        // Real Common Crawl pages (DCLM's annotated sample: 281 pages appear twice under different ids), and the same
        // file given again, as when a shard is ingested twice: every document then repeats its id and its text.
        using var tmp = new TempDir();
        string shard = RealDocuments.WebFile("dclm_quality_annotated_cc.jsonl.gz");
        string again = tmp["again.jsonl.gz"];
        File.Copy(shard, again);
        var (byContent, runner) = DedupTestRun.Run(RawText, [shard, again], tmp["c"]);
        var (byId, _) = DedupTestRun.Run(RawText with { ByContent = false }, [shard, again], tmp["i"]);
        Assert.Equal(1560, byContent.Documents);
        Assert.Equal(1560 - 499, byContent.DocumentsToDrop); // 499 distinct texts remain
        Assert.Equal(499, byContent.DroppedWithSharedId); // each survivor again, under its own id, in the second file
        Assert.Equal(0, byContent.KeptForSharedId);
        Assert.True(byId.KeptForSharedId >= 499, $"{byId.KeptForSharedId}");
        Assert.Equal(1560 - 499, DedupTestRun.DroppedByExactFilter(runner).Count);
    }
}
