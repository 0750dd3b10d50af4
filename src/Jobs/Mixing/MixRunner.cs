using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Inference.Tokenization;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Mixing;

/// <summary>What a mix run did.</summary>
/// <param name="Selection">The documents chosen per phase.</param>
/// <param name="Shards">Every shard of the mix.</param>
/// <param name="Written">Shards written by this run.</param>
/// <param name="Skipped">Shards found finished from an earlier run.</param>
/// <param name="Report">Planned vs actual tokens.</param>
/// <remarks>Owns the source indexes of <see cref="MixSelection.Sources"/> (memory-mapped): dispose it when done.</remarks>
public sealed record MixResult(MixSelection Selection, IReadOnlyList<ShardPlan> Shards, int Written, int Skipped, MixReport Report) : IDisposable
{
    /// <summary>Closes the source indexes.</summary>
    public void Dispose()
    {
        foreach (var index in Selection.Sources) index.Dispose();
    }
}

/// <summary>
/// Runs a curriculum: indexes each source (tokenizing once), selects documents per phase, writes shards
/// (<c>shards/splitted_part-NNNN.parquet</c> + <c>.json</c>), YuLan-Mini recipe files per phase, and the mix report.
/// A shard's JSON is written last, after its Parquet (and Megatron pair) are in place, and marks it finished:
/// rerunning skips finished shards and produces the same bytes.
/// </summary>
public static class MixRunner
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="config">The curriculum.</param>
    /// <param name="log">Progress lines (index builds, shards written).</param>
    /// <param name="workers">Shards written in parallel (default: the number of cores).</param>
    public static MixResult Run(CurriculumConfig config, TextWriter? log = null, int workers = 0)
    {
        if (workers <= 0)
            workers = Environment.ProcessorCount;
        var tokenizerPath = Directory.Exists(config.Tokenizer) ? Path.Combine(config.Tokenizer, "tokenizer.json") : config.Tokenizer;
        if (!File.Exists(tokenizerPath))
            throw new FileNotFoundException($"{config.File}: tokenizer '{config.Tokenizer}' not found");
        var tokenizer = HuggingFaceTokenizer.Load(tokenizerPath);
        bool needsEos = config.AppendEos || config.Phases.Any(p => p.Format == ShardFormat.Packed);
        if (config.Phases.Any(p => p.Format == ShardFormat.Packed) && !config.AppendEos)
            throw new ArgumentException($"{config.File}: packed phases join documents with EOS, so append_eos must be true");
        int eos = tokenizer.EosId ?? (needsEos ? throw new ArgumentException($"{tokenizerPath}: the tokenizer has no EOS token, needed by append_eos/packed") : -1);
        string fingerprint = XxHash64.HashToUInt64(File.ReadAllBytes(tokenizerPath)).ToString("x16");
        string outDir = config.OutputPath;
        Directory.CreateDirectory(outDir);
        CheckSameConfig(config, outDir, fingerprint);

        var settings = new TokenizationSettings(config.AddSpecialTokens, config.AppendEos, eos, config.TextField);
        bool storeText = config.Phases.Any(p => p.Format == ShardFormat.Text);
        var indexes = new List<SourceIndex>();
        try
        {
            foreach (var source in config.SourcePaths)
            {
                var index = SourceIndex.Open(source, Path.Combine(outDir, "index"), tokenizer, fingerprint, settings, config.OrderKeysOf(source), storeText, log);
                indexes.Add(index);
                if (index.Quarantined > 0)
                    log?.WriteLine($"index: {source}: {index.Quarantined} unreadable records skipped (the engine's readers name file and line; run `inspect` on the source)");
            }
            var selection = MixSelection.Select(config, indexes);
            var shards = ShardPlan.Plan(selection, config.ShardTokens);
            string shardDir = Path.Combine(outDir, "shards");
            Directory.CreateDirectory(shardDir);
            byte dtype = MegatronIndexedDataset.DTypeFor(tokenizer.VocabularySize);
            var pending = shards.Where(s => !File.Exists(Path.Combine(shardDir, s.BaseName + ".json"))).ToList();
            int skipped = shards.Count - pending.Count;
            // Shards are independent (each reads the index by offset and writes only its own files), so they are written
            // in parallel; the bytes do not depend on the worker count.
            Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, shard =>
            {
                WriteShard(config, selection, shard, shardDir, eos, dtype);
                lock (pending)
                    log?.WriteLine($"shard {shard.BaseName} ({selection.Phases[shard.Phase].Phase.Name})");
            });
            int written = pending.Count;
            var report = MixReport.FromSelection(config, selection, shards, shardDir);
            WriteRecipes(config, selection, shards, report, Path.Combine(outDir, "recipes"));
            AtomicFile.WriteAllText(Path.Combine(outDir, "mix_report.json"), report.ToJson().ToJsonString(Indented));
            AtomicFile.WriteAllText(Path.Combine(outDir, "mix_report.txt"), report.ToTable());
            MixChart.Save(Path.Combine(outDir, "mix_shares.png"), report.CategorySharesByPhase(), $"{config.Name}: category shares per phase");
            return new MixResult(selection, shards, written, skipped, report);
        }
        catch
        {
            foreach (var i in indexes)
                i.Dispose();
            throw;
        }
    }

    private static void CheckSameConfig(CurriculumConfig config, string outDir, string tokenizerFingerprint)
    {
        var self = JsonSerializer.SerializeToNode(config with { File = "", OutputPath = "" })!.AsObject();
        self["tokenizer_hash"] = tokenizerFingerprint;
        string text = self.ToJsonString(Indented);
        string path = Path.Combine(outDir, "mix_config.json");
        if (File.Exists(path) && File.ReadAllText(path) != text)
            throw new InvalidOperationException($"{outDir} holds a different mix (its mix_config.json differs from {config.File}); use a new output folder");
        if (!File.Exists(path))
            AtomicFile.WriteAllText(path, text);
    }

    /// <summary>Writes one planned shard of <paramref name="selection"/> into <paramref name="shardDir"/> (the mix's unit of work; the shard benchmark times it alone).</summary>
    public static void WriteShard(CurriculumConfig config, MixSelection selection, ShardPlan shard, string shardDir, int eos, byte dtype)
    {
        var phaseSel = selection.Phases[shard.Phase];
        var phase = phaseSel.Phase;
        string tmpDir = Path.Combine(shardDir, ".tmp");
        Directory.CreateDirectory(tmpDir);
        string parquetTmp = Path.Combine(tmpDir, shard.BaseName + ".parquet");
        var docsMeta = new JsonArray();
        var perSource = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var megatronDocs = config.Megatron ? new List<int[]>() : null;
        long totalTokens = 0, padding = 0;
        var buffer = new int[1024];
        Span<int> Tokens(SourceIndex index, in IndexedDocument d)
        {
            if (buffer.Length < d.Tokens)
                buffer = new int[Math.Max(d.Tokens, buffer.Length * 2)];
            index.ReadTokens(d, buffer);
            return buffer.AsSpan(0, d.Tokens);
        }
        void Describe(SelectedDocument sd, IndexedDocument d, SourceIndex index, long tokens, long offset)
        {
            string name = config.SourceName(index.Source);
            var o = new JsonObject { ["id"] = index.ReadId(d), ["source"] = name, ["file"] = index.Files[d.File], ["row"] = d.Row, ["epoch"] = sd.Epoch, ["tokens"] = tokens };
            if (offset > 0)
                o["offset"] = offset;
            docsMeta.Add(o);
            perSource[name] = perSource.GetValueOrDefault(name) + tokens;
        }
        switch (phase.Format)
        {
            case ShardFormat.Tokenized:
                using (var w = new TokenShardWriter(parquetTmp, withPositions: false))
                    for (int i = shard.FirstDocument; i < shard.EndDocument; i++)
                    {
                        var sd = phaseSel.Order[i];
                        var index = selection.Sources[sd.Source];
                        var d = index.Documents[sd.Document];
                        var ids = Tokens(index, d);
                        w.WriteRow(ids);
                        megatronDocs?.Add(ids.ToArray());
                        totalTokens += ids.Length;
                        Describe(sd, d, index, ids.Length, 0);
                    }
                break;
            case ShardFormat.Text:
                using (var w = new ParquetDocumentWriter(parquetTmp))
                    for (int i = shard.FirstDocument; i < shard.EndDocument; i++)
                    {
                        var sd = phaseSel.Order[i];
                        var index = selection.Sources[sd.Source];
                        var d = index.Documents[sd.Document];
                        string name = config.SourceName(index.Source);
                        w.Write(new Document(index.ReadId(d), index.ReadText(d), name,
                            new JsonObject { ["phase"] = phase.Name, ["epoch"] = sd.Epoch, ["tokens"] = d.Tokens }));
                        if (megatronDocs != null)
                            megatronDocs.Add(Tokens(index, d).ToArray());
                        totalTokens += d.Tokens;
                        Describe(sd, d, index, d.Tokens, 0);
                    }
                break;
            case ShardFormat.Packed:
                {
                    int len = phase.SequenceLength;
                    var row = new int[len];
                    var pos = new int[len];
                    var mask = new int[len];
                    Array.Fill(mask, 1);
                    int fill = 0;
                    // Walk the documents overlapping this shard's token range.
                    long streamStart = shard.FirstDocumentStart;
                    long want = (long)shard.Rows * len;
                    long produced = 0;
                    using var w = new TokenShardWriter(parquetTmp, withPositions: true, withLossMask: true);
                    for (int i = shard.FirstDocument; i < shard.EndDocument && produced < want; i++)
                    {
                        var sd = phaseSel.Order[i];
                        var index = selection.Sources[sd.Source];
                        var d = index.Documents[sd.Document];
                        var ids = Tokens(index, d);
                        int skip = (int)Math.Max(0, shard.FirstToken - streamStart);
                        streamStart += ids.Length;
                        int taken = 0;
                        int p = skip; // position ids count from the document start...
                        bool continuation = skip > 0;
                        for (int t = skip; t < ids.Length && produced < want; t++)
                        {
                            if (fill == 0 && continuation)
                                p = 0; // ...and restart where a row begins inside a document
                            row[fill] = ids[t];
                            pos[fill] = p++;
                            fill++;
                            taken++;
                            produced++;
                            continuation = true;
                            if (fill == len)
                            {
                                w.WriteRow(row, pos, mask);
                                megatronDocs?.Add((int[])row.Clone());
                                fill = 0;
                            }
                        }
                        totalTokens += taken;
                        Describe(sd, d, index, taken, skip);
                    }
                    if (fill > 0)
                    {
                        // Last row of the phase: pad with EOS; each padding EOS is an empty document (position 0).
                        padding = len - fill;
                        while (fill < len)
                        {
                            row[fill] = eos;
                            mask[fill] = 0; // padding carries no loss
                            pos[fill++] = 0;
                        }
                        w.WriteRow(row, pos, mask);
                        megatronDocs?.Add((int[])row.Clone());
                    }
                    break;
                }
        }
        if (megatronDocs != null)
            MegatronIndexedDataset.Write(Path.Combine(tmpDir, shard.BaseName), megatronDocs, dtype);
        AtomicFile.MoveInto(parquetTmp, Path.Combine(shardDir, shard.BaseName + ".parquet"));
        if (megatronDocs != null)
        {
            AtomicFile.MoveInto(Path.Combine(tmpDir, shard.BaseName + ".bin"), Path.Combine(shardDir, shard.BaseName + ".bin"));
            AtomicFile.MoveInto(Path.Combine(tmpDir, shard.BaseName + ".idx"), Path.Combine(shardDir, shard.BaseName + ".idx"));
        }
        var meta = new JsonObject
        {
            ["shard"] = shard.Number,
            ["file"] = shard.BaseName + ".parquet",
            ["phase"] = phase.Name,
            ["phase_index"] = shard.Phase,
            ["format"] = phase.Format.ToString().ToLowerInvariant(),
            ["total_tokens_num"] = totalTokens + padding,
            ["document_tokens"] = totalTokens,
            ["padding_tokens"] = padding,
            ["sequence_length"] = phase.Format == ShardFormat.Packed ? phase.SequenceLength : null,
            ["source_tokens"] = new JsonObject(perSource.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["documents"] = docsMeta,
        };
        AtomicFile.WriteAllText(Path.Combine(shardDir, shard.BaseName + ".json"), meta.ToJsonString(Indented));
    }

    private static string ShardDirOf(string recipesDir) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(recipesDir))!, "shards");

    /// <summary>Writes one YuLan-Mini recipe JSON per phase: selected and manual tokens per source, and the shards holding each.</summary>
    private static void WriteRecipes(CurriculumConfig config, MixSelection selection, IReadOnlyList<ShardPlan> shards, MixReport report, string dir)
    {
        Directory.CreateDirectory(dir);
        for (int p = 0; p < selection.Phases.Count; p++)
        {
            var phase = selection.Phases[p];
            var rows = report.Rows.Where(r => r.Phase == phase.Phase.Name).ToList();
            // Per source, the shards of this phase that hold its tokens (from their metadata).
            var shardsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var shard in shards.Where(s => s.Phase == p))
            {
                var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(ShardDirOf(dir), shard.BaseName + ".json")))!;
                foreach (var (source, _) in meta["source_tokens"]!.AsObject())
                {
                    if (!shardsOf.TryGetValue(source, out var list))
                        shardsOf[source] = list = [];
                    list.Add("shards/" + shard.BaseName + ".parquet");
                }
            }
            var recipe = new YulanRecipe(
                rows.Sum(r => r.Actual) / 1e9,
                $"{p + 1:00}_{phase.Phase.Name}",
                rows.Select(r => KeyValuePair.Create(r.Source, r.Actual / 1e9)).ToList(),
                rows.Select(r => KeyValuePair.Create(r.Source, new ManualTarget(r.Target / 1e9, null))).ToList(),
                rows.Select(r => KeyValuePair.Create(r.Source, (IReadOnlyList<RecipeFileGroup>)
                    [new RecipeFileGroup(0, $"{p + 1:00}_{phase.Phase.Name}/{r.Source}", r.Actual / 1e9, null, shardsOf.GetValueOrDefault(r.Source) ?? [])])).ToList());
            AtomicFile.WriteAllText(Path.Combine(dir, $"{p + 1:00}_{phase.Phase.Name}.json"), YulanRecipeJson.Format(recipe));
        }
    }
}
