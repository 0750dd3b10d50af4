using System.Text.Json.Nodes;
using YuLanData.Cli.Commands;
using YuLanData.Synthesis.Job;
using YuLanData.Testing;

namespace YuLanData.Synthesis.Tests;

/// <summary>The failures issue 23 reports from trying the shipped synthesis pipelines as a new user, on the tiny CPU model.</summary>
public sealed class ReportedFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synth-reported-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SynthesisJobOptions Tiny(SynthesisJobOptions o, string output)
    {
        o.Model = SharedFiles.TinyModel;
        o.Tokenizer = SharedFiles.TinyTokenizer;
        o.Device = "cpu";
        o.TemplatesDir = SharedFiles.PromptsDir;
        o.Output = Path.Combine(_dir, output);
        o.MaxNewTokens = 6;
        o.MaxBatch = 4;
        return o;
    }

    [Fact]
    public void The_shipped_humaneval_pipeline_finds_the_prompt_field_it_reads_as_text()
    {
        var options = Tiny(SynthesizeCommand.LoadConfig(Path.Combine(RepoPaths.Root, "pipelines", "synthesis-humaneval.yaml")), "humaneval");
        Assert.Equal("prompt", options.TextField);
        var seeds = Path.Combine(_dir, "humaneval.jsonl");
        File.WriteAllLines(seeds, File.ReadLines(SharedFiles.HumanEvalPath).Take(2));
        options.Input = [seeds];
        options.SamplesPerSeed = 2;
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        var stats = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(options.Output, "stats.json")), "stats.json");
        Assert.Equal(2, stats.SeedsRead);
        Assert.Equal(4, stats.Samples);
        Assert.DoesNotContain(stats.SeedsRejected.Keys, k => k.StartsWith("missing_field", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_that_failed_before_any_part_does_not_lock_the_folder_against_the_corrected_rerun()
    {
        var seeds = Path.Combine(_dir, "docs.jsonl");
        File.WriteAllLines(seeds, [new JsonObject { ["id"] = "a", ["text"] = "Two apples and three pears." }.ToJsonString()]);
        var failing = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "step_by_step_boxed" }, "out");
        var (code, log) = SynthesisRuns.Run(failing);
        Assert.True(code == 2, log);
        Assert.True(File.Exists(Path.Combine(failing.Output, "run.json")));

        var corrected = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "step_by_step_boxed", SkipMissingFields = true }, "out");
        (code, log) = SynthesisRuns.Run(corrected);
        Assert.True(code == 0, log);

        // Once a part is complete the folder is bound to its run: a different run is still refused.
        var other = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "step_by_step_boxed", SkipMissingFields = true, Seed = 5 }, "out");
        (code, log) = SynthesisRuns.Run(other);
        Assert.Equal(2, code);
        Assert.Contains("holds a different synthesis run: 'seed'", log, StringComparison.Ordinal);
    }
    [Fact]
    public void A_seed_too_long_for_the_context_is_cut_at_paragraph_boundaries_into_prompts_that_fit()
    {
        // Real mathematical text (the HoTT book seeds of synthesis-seeded-problems.yaml), far longer than the tiny
        // model's 512-token context.
        var book = SharedFiles.LongestRecordText(RepoPaths.SharedData("math", "hott_book_latex.jsonl.gz"));
        var text = string.Join("\n\n", System.Text.RegularExpressions.Regex.Split(book, @"\n\s*\n").Select(p => p.Trim()).Where(p => p.Length is > 0 and < 120).Take(40));
        var seeds = Path.Combine(_dir, "long.jsonl");
        File.WriteAllLines(seeds, [new JsonObject { ["id"] = "long", ["text"] = text }.ToJsonString()]);
        var options = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "seeded_problem_solution" }, "chunks");
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        var stats = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(options.Output, "stats.json")), "stats.json");
        Assert.False(stats.SeedsRejected.ContainsKey("prompt_too_long"), log);
        var table = SampleTable.Read(options.Output);
        Assert.True(table.Count > 1);
        var chunks = Enumerable.Range(0, table.Count).OrderBy(r => table.Text("seed_id", r), StringComparer.Ordinal).ToArray();
        var seedIds = chunks.Select(r => table.Text("seed_id", r)!).ToArray();
        Assert.Equal(Enumerable.Range(0, table.Count).Select(k => $"long@{k:000}"), seedIds);
        // Every prompt fits the context with room to generate, and every cut is at a paragraph boundary: the chunk texts
        // are whole paragraphs, in order, covering the text.
        var paragraphs = text.Split("\n\n");
        var covered = new List<string>();
        foreach (var r in chunks)
        {
            Assert.True(table.Get<int>("prompt_tokens", r) <= 512 - 6, $"{table.Get<int>("prompt_tokens", r)} prompt tokens");
            var prompt = table.Text("prompt", r)!;
            covered.AddRange(paragraphs.Where(p => prompt.Contains(p, StringComparison.Ordinal) && !covered.Contains(p)));
        }
        Assert.Equal(paragraphs.Length, covered.Count);
    }
    [Fact]
    public void Accepted_and_rejected_samples_go_to_their_own_folders_and_a_mix_source_reads_only_the_accepted()
    {
        var seeds = Path.Combine(_dir, "gsm8k.jsonl");
        SharedFiles.WriteGsm8kSeeds(seeds, 3);
        var options = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "step_by_step_boxed", SamplesPerSeed = 2 }, "layout");
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        Assert.Empty(Directory.GetFiles(options.Output, "*.parquet"));
        var table = SampleTable.Read(options.Output);
        Assert.Equal(6, table.Count);
        var rejected = Path.Combine(options.Output, "rejected", "part-00000.parquet");
        Assert.True(File.Exists(rejected) && File.Exists(Path.Combine(options.Output, "accepted", "part-00000.parquet")));
        for (var i = 0; i < table.Count; i++)
        {
            Assert.False(table.Get<bool>("accepted", i)); // a random model writes no boxed answer in 6 tokens
            Assert.False(string.IsNullOrEmpty(table.Text("reject_reason", i)));
            // The training text is the question followed by the solution, not the bare completion.
            var question = SharedFiles.Gsm8k.Single(s => s.Id == table.Text("seed_id", i)).Field("question")!;
            Assert.Equal(question.Trim() + "\n\n" + table.Text("completion", i)!.Trim(), table.Text("text", i));
        }
        var sources = YuLanData.Jobs.Mixing.SourceFiles.Resolve(options.Output);
        Assert.All(sources, f => Assert.Contains("/accepted/", f, StringComparison.Ordinal));
        Assert.NotEmpty(sources);
    }

    [Fact]
    public void The_training_text_takes_generated_sections_and_a_configured_format()
    {
        var template = Templates.PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "seeded_problem_solution");
        var seed = new SeedDocument("s", "Some reference text.", "t", new JsonObject());
        var sections = new Dictionary<string, string> { ["Problem"] = " What is 2+2? ", ["Solution"] = "It is 4.\n" };
        Assert.Equal("What is 2+2?\n\nIt is 4.", new TrainingText(template, null).Format(seed, "p", "raw", sections));
        Assert.Equal("Q: What is 2+2?\nA: It is 4.", new TrainingText(template, "Q: {question}\nA: {solution}").Format(seed, "p", "raw", sections));
        Assert.Null(new TrainingText(template, null).Format(seed, "p", null, null));
        Assert.Throws<ArgumentException>(() => new TrainingText(template, "{question} only"));
    }
    /// <summary>
    /// A template under which the tiny model's greedy completion for the first seed is accepted: the step-by-step body
    /// read as free text, cut at a piece of what greedy decoding writes (a random model writes no sections).
    /// </summary>
    private (string Templates, string SeedId) AcceptingTemplate(string seeds)
    {
        var templates = Path.Combine(_dir, "prompts");
        Directory.CreateDirectory(templates);
        // The step-by-step body read as free text, probed once; then cut at a piece of what greedy decoding writes for
        // the first seed, so that its completion is accepted as it is (a random model writes no sections).
        var body = Templates.PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "step_by_step_boxed").Body;
        File.WriteAllText(Path.Combine(templates, "explain.prompt"), "format: explanation\n---\n" + body + "\n");
        var probe = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "explain", Greedy = true }, "probe");
        probe.TemplatesDir = templates;
        probe.MaxNewTokens = 12;
        Assert.Equal(0, SynthesisRuns.Run(probe).Code);
        var probed = SampleTable.Read(probe.Output);
        var first = probed.Text("completion", 0)!;
        var stop = Enumerable.Range(1, Math.Max(0, first.Length - 2)).Select(i => (Stop: first.Substring(i, 2), Cut: first[..i]))
            .First(x => x.Cut.Trim().Length > 0 && x.Cut.All(char.IsAscii) && !x.Cut.Contains(x.Stop, StringComparison.Ordinal) && x.Stop.All(char.IsAscii)).Stop;
        File.WriteAllText(Path.Combine(templates, "explain_stop.prompt"),
            $"format: explanation\nstop: {new JsonArray(stop).ToJsonString()}\n---\n" + body + "\n");

        return (templates, probed.Text("seed_id", 0)!);
    }

    [Fact]
    public void Kept_samples_matching_a_benchmark_item_are_rejected_by_the_decontamination_step()
    {
        var seeds = Path.Combine(_dir, "gsm8k.jsonl");
        SharedFiles.WriteGsm8kSeeds(seeds, 2);
        var (templates, seed) = AcceptingTemplate(seeds);
        // The benchmark index holds the first seed's question: its sample's training text (question + solution) matches.
        var builder = new YuLanData.Filters.Decontamination.NgramIndexBuilder(new YuLanData.Filters.Decontamination.NgramIndexParameters());
        builder.Add(new YuLanData.Filters.Decontamination.BenchmarkItem("gsm8k_test", "q0", SharedFiles.Gsm8k.Single(s => s.Id == seed).Field("question")!));
        var index = Path.Combine(_dir, "bench.idx");
        builder.Build().WriteFile(index);

        var clean = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "explain_stop", Greedy = true }, "clean");
        clean.TemplatesDir = templates;
        clean.MaxNewTokens = 12;
        Assert.Equal(0, SynthesisRuns.Run(clean).Code);
        var cleanTable = SampleTable.Read(clean.Output);
        Assert.True(cleanTable.Get<bool>("accepted", Enumerable.Range(0, cleanTable.Count).Single(r => cleanTable.Text("seed_id", r) == seed)));

        var checkedRun = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "explain_stop", Greedy = true, DecontaminationIndex = index }, "checked");
        checkedRun.TemplatesDir = templates;
        checkedRun.MaxNewTokens = 12;
        var (code, log) = SynthesisRuns.Run(checkedRun);
        Assert.True(code == 0, log);
        var table = SampleTable.Read(checkedRun.Output);
        var row = Enumerable.Range(0, table.Count).Single(r => table.Text("seed_id", r) == seed);
        Assert.False(table.Get<bool>("accepted", row));
        Assert.Equal("contaminated:gsm8k_test", table.Text("reject_reason", row));
        Assert.False(File.Exists(Path.Combine(checkedRun.Output, "accepted", "part-00000.parquet")) &&
                     SampleParquet.ReadKeys(Path.Combine(checkedRun.Output, "accepted", "part-00000.parquet"))!.Contains((seed, 0)));

        var bad = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "explain_stop", DecontaminationIndex = seeds }, "bad");
        bad.TemplatesDir = templates;
        (code, log) = SynthesisRuns.Run(bad);
        Assert.Equal(2, code);
        Assert.Contains(seeds, log, StringComparison.Ordinal);
    }

    [Fact]
    public void Greedy_copies_of_a_seed_are_warned_about_and_removed_as_near_duplicates()
    {
        var seeds = Path.Combine(_dir, "gsm8k.jsonl");
        SharedFiles.WriteGsm8kSeeds(seeds, 2);
        var (templates, seed) = AcceptingTemplate(seeds);
        var options = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "explain_stop", SamplesPerSeed = 4, Greedy = true }, "greedy");
        options.TemplatesDir = templates;
        options.MaxNewTokens = 12;
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        Assert.Contains("warning: greedy decoding with samples_per_seed 4", log, StringComparison.Ordinal);
        var table = SampleTable.Read(options.Output);
        Assert.Equal(8, table.Count);
        var rows = Enumerable.Range(0, table.Count).Where(r => table.Text("seed_id", r) == seed).ToArray();
        Assert.Single(rows.Select(r => table.Text("completion", r)).Distinct());
        Assert.True(table.Get<bool>("accepted", rows[0]));
        Assert.All(rows[1..], r => Assert.Equal("near_duplicate", table.Text("reject_reason", r)));

        // Off: the copies are kept, and the warning says so.
        var kept = Tiny(new SynthesisJobOptions { Input = [seeds], Template = "explain_stop", SamplesPerSeed = 4, Greedy = true, NearDuplicateThreshold = 0 }, "kept");
        kept.TemplatesDir = templates;
        kept.MaxNewTokens = 12;
        (code, log) = SynthesisRuns.Run(kept);
        Assert.True(code == 0, log);
        Assert.Contains("near-duplicate removal is off", log, StringComparison.Ordinal);
        var keptTable = SampleTable.Read(kept.Output);
        Assert.Equal(4, Enumerable.Range(0, keptTable.Count).Count(r => keptTable.Text("seed_id", r) == seed && keptTable.Get<bool>("accepted", r)));
    }

    [Fact]
    public void Near_duplicates_across_seeds_are_found_and_different_texts_kept()
    {
        var index = new NearDuplicateIndex(0.8);
        var text = string.Join(' ', SharedFiles.Gsm8k[0].Field("answer")!.Split(' ').Take(60));
        Assert.False(index.IsDuplicateElseAdd(text));
        Assert.True(index.IsDuplicateElseAdd(text.Replace("  ", " ") + " Done."));                      // a near copy
        Assert.False(index.IsDuplicateElseAdd(string.Join(' ', SharedFiles.Gsm8k[1].Field("answer")!.Split(' ').Take(60))));
        Assert.False(index.IsDuplicateElseAdd("short one"));
        Assert.True(index.IsDuplicateElseAdd("Short  one"));                                            // too short for shingles: normalized text
    }
}
