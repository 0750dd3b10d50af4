using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Inference.Generation;
using YuLanData.Synthesis.Backends;
using YuLanData.Synthesis.Sandbox;
using YuLanData.Synthesis.Scoring;
using YuLanData.Synthesis.Templates;
using YuLanData.Synthesis.Verification;

namespace YuLanData.Synthesis.Job;

/// <summary>
/// Seeds in, verified samples out. Records are cut into parts of <see cref="SynthesisJobOptions.SeedsPerPart"/>
/// records in input order; each part fills the template per seed, generates all its samples in one batched,
/// continuous generation call, verifies and scores them, and writes <c>accepted/part-NNNNN.parquet</c> and
/// <c>rejected/part-NNNNN.parquet</c> (one row per sample, rejected ones with their reason; a mix reads only accepted/)
/// and then <c>stats/part-NNNNN.json</c> (its completion mark), both through a temporary file and a rename.
/// A rerun into the same folder skips each part whose files hold exactly its (seed id, sample index) keys, and
/// refuses a folder that holds a completed part and whose <c>run.json</c> records a different template, model, sampling or input. Output bytes
/// depend only on the model, template, inputs and settings: request seeds come from the base seed, the seed id and
/// the sample index, and the generator's output does not depend on the batch.
/// </summary>
public sealed class SynthesisJob
{
    private readonly SynthesisJobOptions _options;
    private readonly PromptTemplate _template;
    private readonly ChatPrompt? _chat;
    private readonly IGenerationBackend _backend;
    private readonly SampleVerifier _verifier;
    private readonly SamplingParameters _sampling;
    private readonly string _samplingJson;
    private readonly TextWriter _log;
    private readonly TrainingText _text;
    private NearDuplicateIndex? _duplicates;
    private long _recordsRead;   // input records taken so far (before cutting into chunks), for progress lines
    private readonly OutputDecontaminator? _decontaminator;

    /// <param name="options">Job settings.</param>
    /// <param name="template">The prompt template.</param>
    /// <param name="backend">Where completions come from (<see cref="InProcessBackend"/>, <see cref="OpenAiBackend"/>).</param>
    /// <param name="log">Progress lines.</param>
    public SynthesisJob(SynthesisJobOptions options, PromptTemplate template, IGenerationBackend backend, TextWriter log)
    {
        _options = options;
        _template = template;
        _backend = backend;
        _log = log;
        var needsSandbox = template.Format is OutputFormat.CodeInstruction or OutputFormat.FunctionCompletion;
        var sandbox = needsSandbox
            ? new PythonSandbox(new SandboxLimits
            {
                CpuSeconds = options.SandboxCpuSeconds, WallSeconds = options.SandboxWallSeconds, MemoryBytes = (long)options.SandboxMemoryMb << 20,
            })
            : null;
        _verifier = new SampleVerifier(template, sandbox);
        _chat = options.Chat && !backend.RendersChat ? ChatPrompt.Load(backend.ModelPath, options.Tokenizer, options.System) : null;
        _text = new TrainingText(template, options.TextFormat);
        _decontaminator = options.DecontaminationIndex.Length > 0 ? OutputDecontaminator.Load(options.DecontaminationIndex) : null;
        var s = template.Sampling;
        _sampling = s with
        {
            Greedy = options.Greedy ?? s.Greedy,
            Temperature = options.Temperature ?? s.Temperature,
            TopP = options.TopP ?? s.TopP,
            TopK = options.TopK ?? s.TopK,
            MaxNewTokens = options.MaxNewTokens ?? s.MaxNewTokens,
        };
        _sampling.Validate();
        _samplingJson = SamplingJson(_sampling);
        if (_sampling.Greedy && options.SamplesPerSeed > 1)
            log.WriteLine($"synthesize: warning: greedy decoding with samples_per_seed {options.SamplesPerSeed} writes the same completion " +
                          $"{options.SamplesPerSeed} times per seed; " + (options.NearDuplicateThreshold > 0
                              ? "all copies but the first are rejected as near_duplicate"
                              : "near-duplicate removal is off, so the copies are kept") + " (set greedy: false and a temperature to sample)");
    }

    /// <summary>The effective sampling parameters (template defaults with overrides), without per-request seeds.</summary>
    public SamplingParameters Sampling => _sampling;

    /// <summary>The seed of sample <paramref name="sampleIndex"/> of seed <paramref name="seedId"/> under base seed <paramref name="baseSeed"/>.</summary>
    public static long RequestSeed(long baseSeed, string seedId, int sampleIndex) =>
        (long)XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(seedId + "\n" + sampleIndex.ToString(CultureInfo.InvariantCulture)), baseSeed);

    /// <summary>Runs (or resumes) the job over <paramref name="records"/>.</summary>
    /// <param name="records">Input records in a stable order.</param>
    /// <param name="inputFiles">The resolved input files, recorded in the run fingerprint.</param>
    /// <returns>The merged stats, also written to <c>stats.json</c>.</returns>
    /// <exception cref="InvalidOperationException">The output folder holds a different run, or an invariant broke.</exception>
    /// <exception cref="TemplateFieldMissingException">A seed lacks a template field and <see cref="SynthesisJobOptions.SkipMissingFields"/> is off.</exception>
    /// <param name="totalRecords">How many records there are (for progress lines: done/total and ETA), or null.</param>
    public SynthesisStats Run(IEnumerable<SeedRecord> records, IReadOnlyList<string> inputFiles, long? totalRecords = null)
    {
        var output = _options.Output;
        Directory.CreateDirectory(Path.Combine(output, "stats"));
        Directory.CreateDirectory(Path.Combine(output, "accepted"));
        Directory.CreateDirectory(Path.Combine(output, "rejected"));
        CheckFingerprint(output, inputFiles);
        var total = new SynthesisStats();
        _duplicates = _options.NearDuplicateThreshold > 0 ? new NearDuplicateIndex(_options.NearDuplicateThreshold) : null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var part = 0;
        long skipped = 0, generated = 0;
        var progress = new SynthesisProgress(_log, totalRecords);
        foreach (var chunk in Chunked(Limit(records)).Chunk(_options.SeedsPerPart))
        {
            var name = $"part-{part:00000}";
            var accepted = Path.Combine(output, "accepted", name + ".parquet");
            var rejected = Path.Combine(output, "rejected", name + ".parquet");
            var statsPath = Path.Combine(output, "stats", name + ".json");
            var expected = new HashSet<(string, int)>();
            foreach (var r in chunk)
                if (r.Seed is { } s && seen.Add(s.Id))
                    for (var k = 0; k < _options.SamplesPerSeed; k++) expected.Add((s.Id, k));
            SynthesisStats stats;
            if (File.Exists(statsPath) && File.Exists(accepted) && File.Exists(rejected) && SampleParquet.ReadKeys(accepted) is { } keys &&
                SampleParquet.ReadKeys(rejected) is { } rejectedKeys && keys.Overlaps(rejectedKeys) == false && keys.Union(rejectedKeys).ToHashSet().SetEquals(expected))
            {
                stats = SynthesisStats.FromJson(File.ReadAllText(statsPath), statsPath);
                // The kept samples of a finished part take part in later parts' near-duplicate checks, as in one run.
                if (_duplicates is not null)
                    foreach (var text in SampleParquet.ReadCompletions(accepted)) _duplicates.IsDuplicateElseAdd(text);
                skipped++;
                progress.PartSkipped(_recordsRead);
            }
            else
            {
                File.Delete(statsPath);
                var rows = new List<SampleRow>();
                stats = RunPart(chunk, seen, expected, rows, progress, name);
                stats.Check(name);
                Atomic(accepted, tmp => SampleParquet.Write(tmp, rows.Where(r => r.Accepted).ToArray()));
                Atomic(rejected, tmp => SampleParquet.Write(tmp, rows.Where(r => !r.Accepted).ToArray()));
                Atomic(statsPath, tmp => File.WriteAllText(tmp, stats.ToJson()));
                generated++;
                progress.PartDone(name, stats, _recordsRead);
            }
            total.Add(stats);
            part++;
        }
        total.Check("run");
        Atomic(Path.Combine(output, "stats.json"), tmp => File.WriteAllText(tmp, total.ToJson()));
        _log.WriteLine($"synthesize: {part} parts ({skipped} already done), {total.SeedsRead} seeds read = {total.SeedsAccepted} accepted + " +
                       $"{total.SeedsRejected.Values.Sum()} rejected; {total.SamplesAccepted}/{total.Samples} samples kept -> {output}");
        return total;
    }

    /// <summary>Seeds too long for the context, cut at paragraph boundaries into seeds that fit (see <see cref="SeedChunker"/>).</summary>
    private IEnumerable<SeedRecord> Chunked(IEnumerable<SeedRecord> records)
    {
        if (_backend.ContextLength is not { } context || _backend.CountTokens("") is null)
        {
            foreach (var record in records) yield return record;
            yield break;
        }
        var budget = context - 1 - Math.Min(_sampling.MaxNewTokens, context / 2);
        var chunker = new SeedChunker(_template, text => _backend.CountTokens(text)!.Value, budget);
        foreach (var record in records)
        {
            if (record.Seed is not { } seed)
            {
                yield return record;
                continue;
            }
            var chunks = chunker.Chunk(seed);
            if (chunks.Count > 1) _log.WriteLine($"synthesize: seed '{seed.Id}' is too long for the context; cut into {chunks.Count} chunks at paragraph boundaries");
            foreach (var c in chunks) yield return record with { Seed = c };
        }
    }

    private IEnumerable<SeedRecord> Limit(IEnumerable<SeedRecord> records)
    {
        _recordsRead = 0;
        foreach (var record in _options.Limit > 0 ? records.Take((int)Math.Min(_options.Limit, int.MaxValue)) : records)
        {
            _recordsRead++;
            yield return record;
        }
    }

    private SynthesisStats RunPart(SeedRecord[] chunk, HashSet<string> seen, HashSet<(string, int)> expected, List<SampleRow> rows,
        SynthesisProgress progress, string name)
    {
        var stats = new SynthesisStats();
        var n = _options.SamplesPerSeed;
        var seeds = new List<(SeedDocument Seed, string Prompt, BackendPrompt Prepared)>();
        var seenHere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in chunk)
        {
            stats.SeedsRead++;
            if (record.Seed is not { } seed)
            {
                _log.WriteLine($"synthesize: unreadable seed record: {record.Unreadable}");
                SynthesisStats.Count(stats.SeedsRejected, "unreadable_record");
                continue;
            }
            // A repeated id was registered by an earlier record (of this or an earlier part): its keys are not ours.
            if (!seenHere.Add(seed.Id) || !expected.Contains((seed.Id, 0)))
            {
                SynthesisStats.Count(stats.SeedsRejected, "duplicate_seed_id");
                continue;
            }
            BackendPrompt prepared;
            try
            {
                prepared = _backend.Prepare(_template.Fill(seed), _chat);
            }
            catch (TemplateFieldMissingException e) when (_options.SkipMissingFields)
            {
                RejectAll(seed, "", 0, $"missing_field:{e.Field}", stats, rows);
                continue;
            }
            var prompt = prepared.Text;
            if (prepared.Ids is { } ids && _backend.ContextLength is { } context && ids.Length >= context)
            {
                RejectAll(seed, prompt, ids.Length, "prompt_too_long", stats, rows);
                continue;
            }
            seeds.Add((seed, prompt, prepared));
        }
        var requests = new List<BackendRequest>(seeds.Count * n);
        foreach (var (seed, _, prepared) in seeds)
            for (var k = 0; k < n; k++)
                requests.Add(new BackendRequest($"{seed.Id}#{k}", prepared, _sampling with { Seed = RequestSeed(_options.Seed, seed.Id, k) }));
        var generated = requests.Count > 0 ? _backend.Generate(requests, (done, tokens) => progress.Generating(name, done, requests.Count, tokens)) : [];
        var results = generated.Select(g => g.Generation).ToArray();
        var verdicts = new SampleVerdict[results.Length];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => verdicts[i] = _verifier.Verify(seeds[i / n].Seed, results[i], generated[i].CompletionTokens));
        var vote = _template.Format == OutputFormat.Boxed;
        for (var s = 0; s < seeds.Count; s++)
        {
            var (seed, prompt, _) = seeds[s];
            var score = SeedScorer.Score(verdicts.AsSpan(s * n, n).ToArray(), vote);
            var reasons = score.SampleReasons.ToArray();
            var texts = new string?[n];
            for (var k = 0; k < n; k++)
            {
                texts[k] = _text.Format(seed, prompt, results[s * n + k].Text, verdicts[s * n + k].Sections);
                if (reasons[k] is null && _decontaminator?.Reason(texts[k]) is { } contaminated) reasons[k] = contaminated;
                if (reasons[k] is null && _duplicates is not null && _duplicates.IsDuplicateElseAdd(results[s * n + k].Text ?? ""))
                    reasons[k] = "near_duplicate";
            }
            if (reasons.Any(x => x is null)) stats.SeedsAccepted++;
            else SynthesisStats.Count(stats.SeedsRejected, score.SeedReason ?? reasons.GroupBy(x => x!).OrderByDescending(g => g.Count()).First().Key);
            for (var k = 0; k < n; k++)
            {
                var r = generated[s * n + k];
                var v = verdicts[s * n + k];
                var reason = reasons[k];
                stats.Samples++;
                if (reason is null) stats.SamplesAccepted++;
                else SynthesisStats.Count(stats.SamplesRejected, reason);
                stats.PromptTokens += r.PromptTokens;
                stats.CompletionTokens += r.CompletionTokens;
                rows.Add(Row(seed, k, prompt) with
                {
                    Completion = r.Generation.Text,
                    Text = texts[k],
                    PromptTokens = r.PromptTokens,
                    CompletionTokens = r.CompletionTokens,
                    FinishReason = r.Generation.FinishReason.ToString().ToLowerInvariant(),
                    Backend = r.Provenance,
                    Accepted = reason is null,
                    RejectReason = reason,
                    Sections = v.Sections is null ? null : SectionsJson(v.Sections),
                    Answer = v.Answer,
                    KnownAnswer = v.KnownAnswer ?? (vote ? _verifier.KnownAnswer(seed) : null),
                    Verification = v.Detail,
                    SeedPassRate = score.PassRate,
                    MajorityAnswer = score.MajorityAnswer,
                });
            }
        }
        return stats;
    }

    private void RejectAll(SeedDocument seed, string prompt, int promptTokens, string reason, SynthesisStats stats, List<SampleRow> rows)
    {
        SynthesisStats.Count(stats.SeedsRejected, reason);
        for (var k = 0; k < _options.SamplesPerSeed; k++)
        {
            stats.Samples++;
            SynthesisStats.Count(stats.SamplesRejected, reason);
            rows.Add(Row(seed, k, prompt) with { PromptTokens = promptTokens, RejectReason = reason });
        }
    }

    private SampleRow Row(SeedDocument seed, int k, string prompt) => new()
    {
        Id = $"{seed.Id}#{k}",
        SeedId = seed.Id,
        SeedSource = seed.Source,
        SampleIndex = k,
        Template = _template.Name,
        TemplateHash = _template.Hash,
        ModelPath = _backend.ModelPath,
        ModelHash = _backend.ModelHash,
        TokenizerHash = _backend.TokenizerHash,
        Sampling = _samplingJson,
        RequestSeed = RequestSeed(_options.Seed, seed.Id, k),
        Prompt = prompt,
        PromptTokens = 0,
        CompletionTokens = 0,
        FinishReason = "not_generated",
        Accepted = false,
        SeedPassRate = 0,
    };

    private void CheckFingerprint(string output, IReadOnlyList<string> inputFiles)
    {
        var inputs = new JsonArray();
        foreach (var f in inputFiles)
            inputs.Add(new JsonObject { ["path"] = f, ["bytes"] = File.Exists(f) ? new FileInfo(f).Length : -1 });
        var fingerprint = new JsonObject
        {
            ["template"] = _template.Name,
            ["template_hash"] = _template.Hash,
            ["model_hash"] = _backend.ModelHash,
            // Absent for the in-process engine, so folders of earlier in-process runs still resume.
            ["backend"] = _backend is OpenAiBackend ? $"{_backend.Kind}:{(_backend.RendersChat ? "chat" : "completions")}" : null,
            ["tokenizer_hash"] = _backend.TokenizerHash,
            ["sampling"] = JsonNode.Parse(_samplingJson),
            ["samples_per_seed"] = _options.SamplesPerSeed,
            ["seed"] = _options.Seed,
            ["seeds_per_part"] = _options.SeedsPerPart,
            ["limit"] = _options.Limit,
            ["skip_missing_fields"] = _options.SkipMissingFields,
            ["chat"] = _chat is null ? null : new JsonObject
            {
                ["system"] = _options.System,
                ["template_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(_chat.TemplateSource))),
            },
            ["text_format"] = _options.TextFormat,
            ["near_duplicate_threshold"] = _options.NearDuplicateThreshold,
            ["decontamination_index"] = _options.DecontaminationIndex.Length == 0 ? "" : $"{_options.DecontaminationIndex} ({new FileInfo(_options.DecontaminationIndex).Length} bytes)",
            ["fields"] = $"{_options.IdField}/{_options.TextField}/{_options.SourceField}",
            ["sandbox"] = $"cpu={_options.SandboxCpuSeconds}s wall={_options.SandboxWallSeconds}s mem={_options.SandboxMemoryMb}MiB",
            ["inputs"] = inputs,
        };
        var path = Path.Combine(output, "run.json");
        // A run that failed before finishing any part (a bad field, a bad template) binds nothing: the corrected rerun
        // takes the folder over. Once a part is complete, the folder belongs to that run.
        var anyPartDone = Directory.Exists(Path.Combine(output, "stats")) &&
                          Directory.EnumerateFiles(Path.Combine(output, "stats"), "part-*.json").Any();
        if (File.Exists(path) && anyPartDone)
        {
            var old = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidOperationException($"{path} is not a synthesis run file");
            foreach (var (key, value) in fingerprint)
                if (!JsonNode.DeepEquals(old[key], value))
                    throw new InvalidOperationException($"{output} holds a different synthesis run: '{key}' was {old[key]?.ToJsonString() ?? "absent"}, " +
                                                        $"now {value?.ToJsonString()}; use another output folder or delete it");
            return;
        }
        Atomic(path, tmp => File.WriteAllText(tmp, fingerprint.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"));
    }

    private static string SamplingJson(SamplingParameters s) => new JsonObject
    {
        ["greedy"] = s.Greedy,
        ["temperature"] = s.Temperature,
        ["top_p"] = s.TopP,
        ["top_k"] = s.TopK,
        ["repetition_penalty"] = s.RepetitionPenalty,
        ["max_new_tokens"] = s.MaxNewTokens,
        ["stop"] = new JsonArray(s.StopStrings.Select(x => (JsonNode)x).ToArray()),
    }.ToJsonString();

    private static string SectionsJson(IReadOnlyDictionary<string, string> sections)
    {
        var o = new JsonObject();
        foreach (var (k, v) in sections) o[k] = v;
        return o.ToJsonString();
    }

    private static void Atomic(string path, Action<string> write)
    {
        var tmp = path + ".tmp";
        write(tmp);
        File.Move(tmp, path, overwrite: true);
    }
}
