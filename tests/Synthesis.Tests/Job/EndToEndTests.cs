using System.Text.Json.Nodes;
using YuLanData.Inference.Tokenization;
using YuLanData.Cli.Commands;
using YuLanData.Synthesis.Job;
using YuLanData.Synthesis.Templates;

namespace YuLanData.Synthesis.Tests;

/// <summary>
/// The synthesize command end to end on CPU: the tiny random Llama (vocab 320) with the small real tokenizer,
/// seeds read through the engine's DocumentReader from a JSONL file of real GSM8K items (plus a broken line and a
/// repeated id). A random model writes no valid solutions, so these runs check the plumbing and accounting
/// (truncation, provenance, resume, determinism, stop strings); verification of real text is tested separately.
/// </summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synth-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Seeds(int count = 4)
    {
        var path = Path.Combine(_dir, "seeds.jsonl");
        var lines = SharedFiles.Gsm8kSeedLines(count).ToList();
        lines.Insert(2, "{\"id\": \"broken\", \"text\": ");                 // unreadable record
        lines.Add(lines[0]);                                               // repeated seed id
        File.WriteAllLines(path, lines);
        return path;
    }

    private SynthesisJobOptions Options(string output, string seeds, string template = "step_by_step_boxed") => new()
    {
        Input = [seeds],
        Template = template,
        TemplatesDir = SharedFiles.PromptsDir,
        Model = SharedFiles.TinyModel,
        Tokenizer = SharedFiles.TinyTokenizer,
        Output = Path.Combine(_dir, output),
        Greedy = true,
        MaxNewTokens = 12,
        SeedsPerPart = 3,
        MaxBatch = 4,
    };

    [Fact]
    public void GreedyRunHasFullProvenanceAccountsForEverySeedAndResumes()
    {
        var seeds = Seeds();
        var options = Options("out", seeds);
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);

        var stats = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(options.Output, "stats.json")), "stats.json");
        Assert.Equal(6, stats.SeedsRead);                                  // 4 good + 1 broken + 1 repeated id
        Assert.Equal(0, stats.SeedsAccepted);
        Assert.Equal(4, stats.SeedsRejected["truncated"]);
        Assert.Equal(1, stats.SeedsRejected["unreadable_record"]);
        Assert.Equal(1, stats.SeedsRejected["duplicate_seed_id"]);
        Assert.Equal(4, stats.Samples);
        Assert.Equal(4, stats.SamplesRejected["truncated"]);
        Assert.Equal(48, stats.CompletionTokens);

        var template = PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "step_by_step_boxed");
        var tokenizer = HuggingFaceTokenizer.Load(SharedFiles.TinyTokenizer);
        var modelHash = SynthesisEngine.HashFiles([Path.Combine(SharedFiles.TinyModel, "config.json"), Path.Combine(SharedFiles.TinyModel, "model.safetensors")]);
        var table = SampleTable.Read(options.Output);
        Assert.Equal(4, table.Count);
        Assert.Equal(["gsm8k_train:0", "gsm8k_train:1", "gsm8k_train:2", "gsm8k_train:3"], Enumerable.Range(0, 4).Select(i => table.Text("seed_id", i)));
        long promptTokens = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var seed = SharedFiles.Gsm8k[i];
            Assert.Equal(seed.Id + "#0", table.Text("id", i));
            Assert.Equal(seeds, table.Text("seed_source", i));
            Assert.Equal(0, table.Get<int>("sample_index", i));
            Assert.Equal("step_by_step_boxed", table.Text("template", i));
            Assert.Equal(template.Hash, table.Text("template_hash", i));
            Assert.Equal(SharedFiles.TinyModel, table.Text("model_path", i));
            Assert.Equal(modelHash, table.Text("model_hash", i));
            Assert.Equal(SynthesisEngine.HashFiles([SharedFiles.TinyTokenizer]), table.Text("tokenizer_hash", i));
            var sampling = JsonNode.Parse(table.Text("sampling", i)!)!;
            Assert.True(sampling["greedy"]!.GetValue<bool>());
            Assert.Equal(12, sampling["max_new_tokens"]!.GetValue<int>());
            Assert.Equal("<END>", sampling["stop"]![0]!.GetValue<string>());
            Assert.Equal(SynthesisJob.RequestSeed(0, seed.Id, 0), table.Get<long>("request_seed", i));
            var prompt = template.Fill(seed);
            Assert.Equal(prompt, table.Text("prompt", i));
            Assert.Equal(tokenizer.Encode(prompt).Length, table.Get<int>("prompt_tokens", i));
            promptTokens += table.Get<int>("prompt_tokens", i);
            Assert.Equal(12, table.Get<int>("completion_tokens", i));
            Assert.Equal("length", table.Text("finish_reason", i));
            Assert.False(table.Get<bool>("accepted", i));
            Assert.Equal("truncated", table.Text("reject_reason", i));
            Assert.Equal(Gsm8kAnswer(seed), table.Text("known_answer", i));
            Assert.False(string.IsNullOrEmpty(table.Text("text", i)));
        }
        Assert.Equal(promptTokens, stats.PromptTokens);

        // Rerun into the same folder: every part is found complete and skipped; nothing changes.
        var before = SynthesisRuns.FileHashes(options.Output);
        var again = SynthesisRuns.Run(options);
        Assert.True(again.Code == 0, again.Log);
        Assert.Contains("2 parts (2 already done)", again.Log, StringComparison.Ordinal);
        Assert.Equal(before, SynthesisRuns.FileHashes(options.Output));

        // A part whose file lost rows is redone, to the same bytes.
        File.Delete(Path.Combine(options.Output, "rejected", "part-00001.parquet"));
        var redo = SynthesisRuns.Run(options);
        Assert.Contains("2 parts (1 already done)", redo.Log, StringComparison.Ordinal);
        Assert.Equal(before, SynthesisRuns.FileHashes(options.Output));

        // A fresh folder gives byte-identical parts and stats.
        var fresh = Options("fresh", seeds);
        Assert.Equal(0, SynthesisRuns.Run(fresh).Code);
        Assert.Equal(before, SynthesisRuns.FileHashes(fresh.Output));

        // The same folder with other settings is refused, naming what changed.
        var changed = Options("out", seeds);
        changed.MaxNewTokens = 13;
        var refused = SynthesisRuns.Run(changed);
        Assert.Equal(2, refused.Code);
        Assert.Contains("holds a different synthesis run: 'sampling'", refused.Log, StringComparison.Ordinal);
    }

    private static string Gsm8kAnswer(SeedDocument seed) => seed.Field("answer")!.Split("####")[1].Trim();

    [Fact]
    public void SampledOutputDependsOnlyOnSeedAndSampleNotOnBatchOrParts()
    {
        var seeds = Seeds(3);
        var a = Options("a", seeds);
        a.Greedy = null; // the template's temperature 0.7, top_p 1.0
        a.SamplesPerSeed = 2;
        a.MaxNewTokens = 6;
        a.Seed = 11;
        var b = Options("b", seeds);
        b.Greedy = null;
        b.SamplesPerSeed = 2;
        b.MaxNewTokens = 6;
        b.Seed = 11;
        b.SeedsPerPart = 1;
        b.MaxBatch = 1;
        Assert.Equal(0, SynthesisRuns.Run(a).Code);
        Assert.Equal(0, SynthesisRuns.Run(b).Code);
        var ta = SampleTable.Read(a.Output);
        var tb = SampleTable.Read(b.Output);
        Assert.Equal(6, ta.Count);
        var rowsA = Enumerable.Range(0, ta.Count).Select(i => (ta.Text("id", i), ta.Get<long>("request_seed", i), ta.Text("text", i))).ToArray();
        var rowsB = Enumerable.Range(0, tb.Count).Select(i => (tb.Text("id", i), tb.Get<long>("request_seed", i), tb.Text("text", i))).ToArray();
        Assert.Equal(rowsA, rowsB);
        Assert.NotEqual(rowsA[0].Item2, rowsA[1].Item2); // two samples of a seed get different request seeds
        Assert.Equal(SynthesisJob.RequestSeed(11, "gsm8k_train:0", 1), rowsA[1].Item2);
        Assert.Equal(3, SynthesisStats.FromJson(File.ReadAllText(Path.Combine(a.Output, "stats.json")), "a").SeedsRejected["truncated"]);
    }

    [Fact]
    public void StopStringCutsTheCompletionAndAnAcceptedSampleIsKept()
    {
        var seeds = Seeds(2);
        var templates = Path.Combine(_dir, "prompts");
        Directory.CreateDirectory(templates);
        // The step-by-step body, read as free text: a random model writes no sections, so a cut completion is accepted.
        var body = PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "step_by_step_boxed").Body;
        File.WriteAllText(Path.Combine(templates, "explain.prompt"), "format: explanation\n---\n" + body + "\n");
        var probe = Options("probe", seeds, "explain");
        probe.TemplatesDir = templates;
        Assert.Equal(0, SynthesisRuns.Run(probe).Code);
        var probed = SampleTable.Read(probe.Output);
        // Stop at a piece of what greedy decoding writes for a seed: the first two-character window that does not occur
        // earlier and leaves a non-blank ASCII prefix. The run must end there and cut the text before it.
        var (row, stop, cut) = Enumerable.Range(0, probed.Count).SelectMany(r =>
        {
            var t = probed.Text("completion", r)!;
            return Enumerable.Range(1, Math.Max(0, t.Length - 2)).Select(i => (r, t.Substring(i, 2), t[..i]));
        }).First(x => x.Item3.Trim().Length > 0 && x.Item3.All(char.IsAscii) && !x.Item3.Contains('[') && !x.Item3.Contains(x.Item2, StringComparison.Ordinal)
                      && x.Item2.All(char.IsAscii));
        File.WriteAllText(Path.Combine(templates, "explain_stop.prompt"),
            $"format: explanation\nstop: {new JsonArray(stop).ToJsonString()}\n---\n" + body + "\n");
        var stopped = Options("stopped", seeds, "explain_stop");
        stopped.TemplatesDir = templates;
        Assert.Equal(0, SynthesisRuns.Run(stopped).Code);
        var table = SampleTable.Read(stopped.Output);
        Assert.Equal("stop", table.Text("finish_reason", row));
        Assert.Equal(cut, table.Text("completion", row));
        Assert.True(table.Get<bool>("accepted", row));
        Assert.Null(table.Text("reject_reason", row));
        Assert.Equal(cut.Trim(), JsonNode.Parse(table.Text("sections", row)!)!["Explanation"]!.GetValue<string>());
        var stats = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(stopped.Output, "stats.json")), "s");
        Assert.True(stats.SeedsAccepted >= 1);
        Assert.Equal(stats.SeedsRead, stats.SeedsAccepted + stats.SeedsRejected.Values.Sum());
    }

    [Fact]
    public void LongPromptsAndMissingFieldsAreRejectedWithReasons()
    {
        var path = Path.Combine(_dir, "docs.jsonl");
        File.WriteAllLines(path,
        [
            new JsonObject { ["id"] = "long", ["text"] = string.Join(' ', Enumerable.Repeat("a long reference text", 200)) }.ToJsonString(),
            new JsonObject { ["id"] = "short", ["text"] = "Two apples and three pears." }.ToJsonString(),
        ]);
        var seeded = Options("seeded", path, "seeded_problem_solution");
        Assert.Equal(0, SynthesisRuns.Run(seeded).Code);
        var stats = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(seeded.Output, "stats.json")), "s");
        // The long seed is cut into chunks that fit the context instead of being rejected.
        Assert.False(stats.SeedsRejected.ContainsKey("prompt_too_long"));
        Assert.True(stats.SeedsRead > 2);

        var boxed = Options("boxed", path);
        var (code, log) = SynthesisRuns.Run(boxed);
        Assert.Equal(2, code);
        Assert.Contains("template 'step_by_step_boxed' needs field 'question', which seed document 'long' does not have", log, StringComparison.Ordinal);
        var skipping = Options("skipping", path);
        skipping.SkipMissingFields = true;
        Assert.Equal(0, SynthesisRuns.Run(skipping).Code);
        var skipped = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(skipping.Output, "stats.json")), "s");
        Assert.Equal(2, skipped.SeedsRejected["missing_field:question"]);
    }
}
