using System.Text.Json.Nodes;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;
using YuLanData.Cli.Commands;
using YuLanData.Synthesis.Job;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests;

/// <summary>
/// What input globs read: the documents of run folders but never their bookkeeping (run.json, stats, markers,
/// quarantine...), never this pipeline's own output; and everything matched but not read (folders, blank files,
/// bookkeeping) is reported in stats.json and run.json with its reason.
/// </summary>
public class InputDiscoveryTests
{
    private static List<JsonObject> OutputRecords(RunFolder folder) =>
        Directory.GetFiles(folder.OutputDir, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();

    private static JsonArray SkippedInRunJson(RunFolder folder) =>
        (JsonArray)JsonNode.Parse(File.ReadAllText(folder.RunFile))!["skipped_inputs"]!;

    [Fact]
    public void AGlobOverARunFolderReadsItsDocumentsAndReportsItsBookkeeping()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        var docs = RealDocuments.Load("bbc_news_2225.jsonl.gz", 30);
        RealDocuments.WriteJsonl(dir["in/news.jsonl"], docs);
        File.AppendAllText(dir["in/news.jsonl"], "{\"id\": \"broken\", \"text\": \n");       // so the first run has a quarantine file
        var (first, firstFolder) = PipelineRunner.Run(PipelineRunner.Yaml([dir["in/*.jsonl"]], dir["first"]), dir["first.yaml"]);
        Assert.Equal(30, first.Kept);
        Assert.True(File.Exists(Path.Combine(firstFolder.QuarantineDir, "00000.jsonl")));

        // Matches run.json, plan.json, stats.json, timings.json, stats/*.json, timings/*.json, quarantine/*.jsonl and output/*.jsonl.
        var (second, secondFolder) = PipelineRunner.Run(PipelineRunner.Yaml([dir["first"] + "/**/*.json*"], dir["second"]), dir["second.yaml"]);
        Assert.Equal(30, second.Read);
        Assert.Equal(30, second.Kept);
        Assert.Equal(0, second.Quarantined);
        Assert.Equal(docs.Select(d => d.Id), OutputRecords(secondFolder).Select(r => r["id"]!.GetValue<string>()));
        var skipped = SkippedInRunJson(secondFolder).Select(s => s!["path"]!.GetValue<string>()).ToList();
        foreach (var name in new[] { "run.json", "plan.json", "stats.json", "timings.json", "stats/00000.json", "quarantine/00000.jsonl" })
            Assert.Contains(dir["first"] + "/" + name, skipped);
        Assert.Equal(skipped.Count, second.SkippedInputs!["run_folder"]);
        Assert.Contains("\"run_folder\"", File.ReadAllText(secondFolder.MergedStats));
        Assert.True(second.Balanced);
    }

    [Fact]
    public void BlankFilesAndFoldersMatchingAGlobAreReportedAndTheAccountingHolds()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["a.jsonl"], "{\"id\":\"a\",\"text\":\"one document\"}\n");
        File.WriteAllText(dir["blank.jsonl"], "\n\n   \n\t\n");
        Directory.CreateDirectory(dir["folder.jsonl"]);
        File.WriteAllText(dir["folder.jsonl/inside.txt"], "not matched");
        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([dir.Path + "/*.jsonl"], dir["out"]), dir["p.yaml"]);
        Assert.Equal(1, stats.Kept);
        Assert.Equal(1, stats.FileErrors["empty_file"]);
        Assert.Equal(1, stats.SkippedInputs!["directory"]);
        Assert.True(stats.Balanced, stats.Balance);
        var skipped = Assert.Single(SkippedInRunJson(folder));
        Assert.Equal(dir.Path + "/folder.jsonl", skipped!["path"]!.GetValue<string>());
        Assert.Equal("directory", skipped["reason"]!.GetValue<string>());
        string quarantine = File.ReadAllText(Path.Combine(folder.QuarantineDir, "00001.jsonl"));
        Assert.Contains("blank.jsonl", quarantine);
        Assert.Contains("empty_file", quarantine);
    }

    [Fact]
    public void ThePipelinesOwnOutputIsNeverAnInputSoARerunResumes()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["data"]);
        RealDocuments.WriteJsonl(dir["data/news.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz", 10));
        string yaml = PipelineRunner.Yaml([dir["data"] + "/**/*.jsonl"], dir["data/out"]);
        var (first, _) = PipelineRunner.Run(yaml, dir["p.yaml"]);
        // The rerun's glob now also matches data/out/output/00000.jsonl; it must neither read it nor call the plan changed.
        var (again, folder) = PipelineRunner.Run(yaml, dir["p.yaml"]);
        Assert.Equal(10, first.Kept);
        Assert.Equal(10, again.Kept);
        Assert.Contains(SkippedInRunJson(folder), s => s!["reason"]!.GetValue<string>() == "output_folder"
            || s["reason"]!.GetValue<string>() == "run_folder");
    }

    [Fact]
    public void ALiteralBookkeepingPathIsAConfigErrorThatSaysWhy()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        RealDocuments.WriteJsonl(dir["in/news.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz", 3));
        PipelineRunner.Run(PipelineRunner.Yaml([dir["in/news.jsonl"]], dir["run"]), dir["p.yaml"]);
        var e = Assert.Throws<PipelineConfigException>(() =>
            PipelineRunner.Run(PipelineRunner.Yaml([dir["run/stats.json"]], dir["other"]), dir["q.yaml"]));
        Assert.Contains("stats.json", e.Message);
        Assert.Contains("not documents", e.Message);
    }

    [Fact]
    public void ASynthesisOutputFolderReadsIntoParquet()
    {
        using var dir = new TempDir();
        var options = new SynthesisJobOptions
        {
            Input = [RepoPaths.SharedData("math", "gsm8k_train_solutions.jsonl.gz")],
            Limit = 6,
            Template = "step_by_step_boxed",
            TemplatesDir = Path.Combine(RepoPaths.Root, "pipelines", "prompts"),
            Model = RepoPaths.SharedFixture("tiny-llama"),
            Tokenizer = Path.Combine(RepoPaths.Root, "tests", "Synthesis.Tests", "Fixtures", "tiny-tokenizer.json"),
            Output = dir["synth"],
            Greedy = true,
            MaxNewTokens = 8,
            SeedsPerPart = 3,
            MaxBatch = 3,
        };
        var log = new StringWriter();
        Assert.True(SynthesizeCommand.Run(options, log) == 0, log.ToString());
        Assert.True(File.Exists(dir["synth/run.json"]) && Directory.Exists(dir["synth/stats"]));

        // Before: every Parquet column beyond id/text became metadata the Parquet writer could not serialize, and the
        // writer's cleanup flush then failed on a half-added row ("Column 'metadata' has 0 rows"), hiding that error.
        // A random model's samples are all rejected: they are in rejected/, which a glob over the folder skips as
        // bookkeeping (only accepted/ is training data) and a glob naming it literally reads on purpose.
        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([dir["synth"] + "/rejected/*"], dir["out"], format: "parquet"), dir["p.yaml"]);
        Assert.Equal(6, stats.Read);
        Assert.True(stats.Balanced, stats.Balance);
        Assert.True(stats.Kept > 0);
        var (all, _) = PipelineRunner.Run(PipelineRunner.Yaml([dir["synth"] + "/**/*.parquet"], dir["out-all"], format: "parquet"), dir["q.yaml"]);
        Assert.Equal(0, all.Read);                                            // accepted/ is empty; rejected/ is skipped
        Assert.True(all.SkippedInputs!["run_folder"] >= 2);                  // rejected/part-00000, part-00001
        var kept = Directory.GetFiles(folder.OutputDir, "*.parquet").Order(StringComparer.Ordinal)
            .SelectMany(f => IO.DocumentReader.ReadFile(f)).Select(r => r.Document!).ToList();
        Assert.Equal(stats.Kept, kept.Count);
        Assert.All(kept, d => Assert.StartsWith("gsm8k_train:", d.Metadata["seed_id"]!.GetValue<string>()));
        Assert.All(kept, d => Assert.Equal(8, d.Metadata["completion_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public void AMixOutputFolderReadsItsTextShardsAndSkipsItsBookkeeping()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["runs/news/output"]);
        RealDocuments.WriteJsonl(dir["runs/news/output/00000.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz", 200));
        File.WriteAllText(dir["mix.yaml"], $$"""
            name: small-mix
            seed: 3
            tokenizer: {{Mixing.MixRunFixture.TokenizerPath}}
            output: {path: {{dir["mix"]}}, shard_tokens: 20000}
            phases:
              - name: only
                tokens: 40000
                format: text
                sources:
                  - {path: {{dir["runs/news"]}}, name: news/bbc, share: 1.0}
            """);
        using (var result = YuLanData.Jobs.Mixing.MixRunner.Run(YuLanData.Jobs.Mixing.CurriculumLoader.Load(dir["mix.yaml"])))
        {
        }
        var shards = Directory.GetFiles(dir["mix/shards"], "*.parquet").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(shards);
        long inShards = shards.Sum(f => IO.DocumentReader.ReadFile(f).Count(r => r.Document != null));

        var (stats, _) = PipelineRunner.Run(PipelineRunner.Yaml([dir["mix"] + "/**"], dir["out"]), dir["p.yaml"]);
        Assert.Equal(inShards, stats.Read);
        Assert.Equal(inShards, stats.Kept);
        Assert.Equal(0, stats.Quarantined);
        Assert.Empty(stats.FileErrors);
        Assert.True(stats.SkippedInputs!["run_folder"] >= 3, string.Join(", ", stats.SkippedInputs));   // mix_config.json, reports, shard metadata
    }
}
