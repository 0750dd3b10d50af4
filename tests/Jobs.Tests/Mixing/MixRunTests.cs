using System.Buffers.Binary;
using System.Text.Json.Nodes;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Mixing;

namespace YuLanData.Jobs.Tests.Mixing;

public class MixRunTests(MixRunFixture fx) : IClassFixture<MixRunFixture>
{
    [Fact]
    public void EverySourceAndPhaseIsWithinOnePercentOfItsTarget()
    {
        Assert.Equal(3, fx.Result.Report.Phases.Count);
        Assert.Equal(6, fx.Result.Report.Rows.Count);
        foreach (var row in fx.Result.Report.Rows)
        {
            Assert.True(Math.Abs(row.Deviation) <= 0.01, $"{row.Phase}/{row.Source}: {row.Actual} vs {row.Target}");
            Assert.Null(row.Reason);
        }
        // Recount from the shards themselves: per phase and source, tokens in the shard metadata.
        var actual = new Dictionary<(string, string), long>();
        foreach (var meta in fx.ShardMetadata())
            foreach (var (source, n) in meta["source_tokens"]!.AsObject())
                actual[(meta["phase"]!.GetValue<string>(), source)] = actual.GetValueOrDefault((meta["phase"]!.GetValue<string>(), source)) + n!.GetValue<long>();
        foreach (var phase in fx.Config.Phases)
            foreach (var s in phase.Sources)
                Assert.InRange(actual[(phase.Name, s.DisplayName)], s.TargetTokens * 0.99, s.TargetTokens * 1.01);
        Assert.Equal(75000, fx.Config.Phases[0].Sources[0].TargetTokens);
        Assert.Equal(30000, fx.Config.Phases[0].Sources[2].TargetTokens);
    }

    [Fact]
    public void NoDocumentServesTwoPhasesWithoutReuseAndUpsamplingCountsEpochs()
    {
        var byPhase = fx.ShardMetadata().GroupBy(m => m["phase"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.SelectMany(m => m["documents"]!.AsArray()).Select(d => d!.AsObject()).ToList());
        static string Key(JsonObject d) => d["source"] + "|" + d["id"];
        var phase1 = byPhase["stable-1"].Select(Key).ToList();
        Assert.Equal(phase1.Count, phase1.Distinct().Count()); // no repeats inside a phase that has enough documents
        Assert.All(byPhase["stable-1"], d => Assert.Equal(1, d["epoch"]!.GetValue<int>()));
        // The annealing phase (allow_reuse) draws the unused documents first: bbc has plenty, so no overlap there.
        var bbc1 = byPhase["stable-1"].Where(d => d["source"]!.GetValue<string>() == "news/bbc").Select(Key).ToHashSet();
        var bbc3 = byPhase["annealing"].Where(d => d["source"]!.GetValue<string>() == "news/bbc" && !d.ContainsKey("offset")).Select(Key).ToHashSet();
        Assert.Empty(bbc1.Intersect(bbc3));
        // pile/samples: 40 documents; stable-1 took 30,000 tokens of them, the annealing target (30,000) exceeds what is left,
        // so the unused ones are repeated: epoch 2 exists, every epoch-2 document was also used in epoch 1 of the phase.
        var pile3 = fx.Result.Selection.Phases[2].Sources.Single(s => fx.Result.Selection.Sources[s.Source].Source.Contains("pile"));
        var pile1 = fx.Result.Selection.Phases[0].Sources.Single(s => fx.Result.Selection.Sources[s.Source].Source.Contains("pile"));
        Assert.True(pile3.Epochs >= 2, $"epochs {pile3.Epochs}");
        Assert.True(pile3.Documents > pile3.UniqueDocuments);
        var order1 = fx.Result.Selection.Phases[0].Order.Where(d => d.Source == pile1.Source).Select(d => d.Document).ToHashSet();
        var order3 = fx.Result.Selection.Phases[2].Order.Where(d => d.Source == pile3.Source).ToList();
        Assert.Empty(order1.Intersect(order3.Select(d => d.Document))); // unused documents existed, so none of phase 1's came back
        Assert.Equal(order3.Where(d => d.Epoch == 1).Select(d => d.Document).ToHashSet(), order3.Select(d => d.Document).ToHashSet());
        Assert.Equal(40, order1.Count + order3.Select(d => d.Document).Distinct().Count()); // the whole source is used, nothing twice across phases
        // Without reuse, a source that an earlier phase used up (upsampled) cannot serve a later phase.
        File.WriteAllText(fx.Dir["exhausted.yaml"], $$"""
            tokenizer: {{MixRunFixture.TokenizerPath}}
            output: {path: {{fx.Dir["mix-exhausted"]}}}
            phases:
              - {name: a, tokens: 100000, sources: [{path: {{fx.Dir["runs/pile"]}}, tokens: 100000}]}
              - {name: b, tokens: 1000, sources: [{path: {{fx.Dir["runs/pile"]}}, tokens: 1000}]}
            """);
        var error = Assert.Throws<InvalidOperationException>(() => MixRunner.Run(CurriculumLoader.Load(fx.Dir["exhausted.yaml"])));
        Assert.Contains("no unused documents left", error.Message);
    }

    [Fact]
    public void TokenizedShardsHoldEachDocumentsIdsAsListOfInt32()
    {
        int eos = fx.Tokenizer.EosId!.Value;
        var texts = new Dictionary<string, string>();
        foreach (var f in SourceFiles.Resolve(fx.Dir["runs/news_bbc"]).Concat(SourceFiles.Resolve(fx.Dir["runs/news_rural"])).Concat(SourceFiles.Resolve(fx.Dir["runs/pile"])))
            foreach (var r in DocumentReader.ReadFile(f))
                texts[r.Document!.Id] = r.Document.Text;
        var metas = fx.ShardMetadata().Where(m => m["phase"]!.GetValue<string>() == "stable-1").ToList();
        Assert.True(metas.Count >= 3);
        long total = 0;
        foreach (var meta in metas)
        {
            var rows = TokenShardWriter.ReadAll(Path.Combine(fx.ShardDir, meta["file"]!.GetValue<string>()));
            var docs = meta["documents"]!.AsArray();
            Assert.Equal(docs.Count, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                var expected = fx.Tokenizer.Encode(texts[docs[i]!["id"]!.GetValue<string>()]).Append(eos).ToArray();
                Assert.Equal(expected, rows[i].Ids);
                Assert.Null(rows[i].Positions);
            }
            Assert.Equal(meta["total_tokens_num"]!.GetValue<long>(), rows.Sum(r => (long)r.Ids.Length));
            total += rows.Sum(r => (long)r.Ids.Length);
        }
        Assert.Equal(fx.Result.Report.Rows.Where(r => r.Phase == "stable-1").Sum(r => r.Actual), total);
        // The column really is a list<int32>: the schema says so.
        var schema = TokenShardWriter.ReadSchema(Path.Combine(fx.ShardDir, "splitted_part-0000.parquet"));
        var field = Assert.IsType<Parquet.Schema.ListField>(schema.Fields.Single());
        Assert.Equal("input_ids", field.Name);
        Assert.Equal(typeof(int), Assert.IsType<Parquet.Schema.DataField>(field.Item).ClrType);
    }

    [Fact]
    public void TextPhaseIsOrderedByTheMetadataKey()
    {
        var docs = fx.ShardMetadata().Where(m => m["phase"]!.GetValue<string>() == "stable-2")
            .SelectMany(m => DocumentReader.ReadFile(Path.Combine(fx.ShardDir, m["file"]!.GetValue<string>())).Select(r => r.Document!)).ToList();
        Assert.True(docs.Count > 100);
        var labels = new Dictionary<string, int>();
        foreach (var r in DocumentReader.ReadFile(SourceFiles.Resolve(fx.Dir["runs/cc"])[0]))
            labels[r.Document!.Id] = r.Document.Metadata["label"]!.GetValue<int>();
        var seq = docs.Select(d => labels[d.Id]).ToList();
        Assert.Contains(1, seq);
        Assert.Contains(0, seq);
        Assert.Equal(seq.OrderDescending(), seq); // label 1 (good) first
        Assert.All(docs, d => Assert.Equal("cc/dclm", d.Source));
        Assert.All(docs, d => Assert.Equal("stable-2", d.Metadata["phase"]!.GetValue<string>()));
    }

    [Fact]
    public void PackedRowsJoinDocumentsWithEosAndRestartPositions()
    {
        int eos = fx.Tokenizer.EosId!.Value;
        var metas = fx.ShardMetadata().Where(m => m["phase"]!.GetValue<string>() == "annealing").ToList();
        var rows = metas.SelectMany(m => TokenShardWriter.ReadAll(Path.Combine(fx.ShardDir, m["file"]!.GetValue<string>()))).ToList();
        Assert.All(rows, r => Assert.Equal(4096, r.Ids.Length));
        Assert.All(rows, r => Assert.Equal(4096, r.Positions!.Length));
        // The concatenated rows are exactly the phase's documents in order (each ending with EOS), then EOS padding.
        var phase = fx.Result.Selection.Phases[2];
        var texts = new Dictionary<(string, long), string>();
        foreach (var index in fx.Result.Selection.Sources)
            foreach (var file in index.Files)
            {
                long row = 0;
                foreach (var r in DocumentReader.ReadFile(file))
                    texts[(file, row++)] = r.Document!.Text;
            }
        var stream = new List<int>();
        foreach (var d in phase.Order)
        {
            var index = fx.Result.Selection.Sources[d.Source];
            var doc = index.Documents[d.Document];
            var ids = fx.Tokenizer.Encode(texts[(index.Files[doc.File], doc.Row)]).Append(eos).ToArray();
            Assert.Equal(doc.Tokens, ids.Length);
            stream.AddRange(ids);
        }
        var flat = rows.SelectMany(r => r.Ids).ToList();
        long padding = metas.Sum(m => m["padding_tokens"]!.GetValue<long>());
        Assert.Equal(stream.Count + padding, flat.Count);
        Assert.Equal(stream, flat.Take(stream.Count));
        Assert.All(flat.Skip(stream.Count), id => Assert.Equal(eos, id));
        Assert.True(padding < 4096);
        // The loss mask is 1 on every document token (EOS included) and 0 on the padding only.
        var masks = metas.SelectMany(m => TokenShardWriter.ReadLossMasks(Path.Combine(fx.ShardDir, m["file"]!.GetValue<string>()))!).SelectMany(x => x).ToList();
        Assert.Equal(flat.Count, masks.Count);
        Assert.All(masks.Take(stream.Count), v => Assert.Equal(1, v));
        Assert.All(masks.Skip(stream.Count), v => Assert.Equal(0, v));
        Assert.Equal(padding, masks.Count(v => v == 0));
        // Positions: 0 at each row start and right after each EOS, otherwise +1.
        int restarts = 0;
        foreach (var (ids, pos) in rows)
            for (int i = 0; i < ids.Length; i++)
            {
                int expected = i == 0 || ids[i - 1] == eos ? 0 : pos![i - 1] + 1;
                Assert.Equal(expected, pos![i]);
                if (i > 0 && expected == 0)
                    restarts++;
            }
        Assert.True(restarts >= phase.Order.Length - rows.Count);
    }

    [Fact]
    public void MegatronPairsReadBackAndFollowTheDocumentedLayout()
    {
        foreach (var meta in fx.ShardMetadata())
        {
            string prefix = Path.Combine(fx.ShardDir, Path.GetFileNameWithoutExtension(meta["file"]!.GetValue<string>()));
            var idx = File.ReadAllBytes(prefix + ".idx");
            Assert.Equal("MMIDIDX\0\0"u8.ToArray(), idx[..9]);
            Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(idx.AsSpan(9)));
            Assert.Equal(MegatronIndexedDataset.UInt16Code, idx[17]); // 32,000-token vocabulary < 65,500 → uint16
            long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(idx.AsSpan(18));
            Assert.Equal(n + 1, (long)BinaryPrimitives.ReadUInt64LittleEndian(idx.AsSpan(26)));
            Assert.Equal(34 + n * 4 + n * 8 + (n + 1) * 8, idx.Length);
            var ds = MegatronIndexedDataset.Read(prefix);
            Assert.Equal(Enumerable.Range(0, (int)n + 1).Select(i => (long)i), ds.DocumentIndices);
            Assert.Equal(ds.Sequences.Sum(s => (long)s.Length) * 2, new FileInfo(prefix + ".bin").Length);
            if (meta["format"]!.GetValue<string>() != "text")
            {
                var rows = TokenShardWriter.ReadAll(prefix + ".parquet");
                Assert.Equal(rows.Select(r => r.Ids), ds.Sequences);
            }
            else
                Assert.Equal(meta["documents"]!.AsArray().Select(d => d!["tokens"]!.GetValue<int>()), ds.Sequences.Select(s => s.Length));
        }
    }

    [Fact]
    public void RecipesAreWrittenInYulanMiniFormat()
    {
        var recipe = YulanRecipeJson.Load(fx.Dir["mix/recipes/01_stable-1.json"]);
        Assert.Equal(["news/bbc", "news/rural", "pile/samples"], recipe.Selected.Select(s => s.Key));
        Assert.Equal(fx.Result.Report.Rows.Where(r => r.Phase == "stable-1").Sum(r => r.Actual) / 1e9, recipe.TotalTokensB, 12);
        Assert.Equal(0.000075, recipe.Manual[0].Value.TokensB, 12);
        Assert.Equal(File.ReadAllText(fx.Dir["mix/recipes/01_stable-1.json"]), YulanRecipeJson.Format(recipe));
        Assert.True(File.Exists(fx.Dir["mix/mix_shares.png"]));
        Assert.Contains("stable-1", File.ReadAllText(fx.Dir["mix/mix_report.txt"]));
    }

    [Fact]
    public void SameConfigGivesSameBytesAndRerunsResume()
    {
        // A second run into a fresh folder (same curriculum, its own index) gives identical shards.
        File.WriteAllText(fx.Dir["again.yaml"], fx.Yaml.Replace(fx.Dir["mix"], fx.Dir["mix-again"]));
        using var again = MixRunner.Run(CurriculumLoader.Load(fx.Dir["again.yaml"]));
        Assert.Equal(fx.Result.Shards.Count, again.Written);
        var names = Directory.GetFiles(fx.ShardDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.GetFiles(fx.Dir["mix-again/shards"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(fx.ShardDir, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(fx.Dir["mix-again/shards"], name!))), name);
        foreach (var f in new[] { "mix_report.json", "recipes/03_annealing.json", "mix_shares.png" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(fx.Dir["mix"], f)), File.ReadAllBytes(Path.Combine(fx.Dir["mix-again"], f)));
        // Remove one finished shard (as if killed before its metadata landed): the rerun rewrites only it, with the same bytes.
        string victim = Path.Combine(fx.Dir["mix-again/shards"], "splitted_part-0002");
        var before = File.ReadAllBytes(victim + ".parquet");
        File.Delete(victim + ".json");
        File.WriteAllText(victim + ".parquet", "partial");
        using var rerun = MixRunner.Run(CurriculumLoader.Load(fx.Dir["again.yaml"]));
        Assert.Equal(1, rerun.Written);
        Assert.Equal(fx.Result.Shards.Count - 1, rerun.Skipped);
        Assert.Equal(before, File.ReadAllBytes(victim + ".parquet"));
        // A different curriculum in the same folder is refused.
        File.WriteAllText(fx.Dir["changed.yaml"], fx.Yaml.Replace(fx.Dir["mix"], fx.Dir["mix-again"]).Replace("seed: 11", "seed: 12"));
        var e = Assert.Throws<InvalidOperationException>(() => MixRunner.Run(CurriculumLoader.Load(fx.Dir["changed.yaml"])));
        Assert.Contains("different mix", e.Message);
    }
}

public class MixInputTests
{
    [Fact]
    public void AMissingOrderKeyNamesFileAndRowAndBrokenRecordsAreSkippedAndCounted()
    {
        using var dir = new TempDir();
        var docs = RealDocuments.Load("bbc_news_2225.jsonl.gz", 30);
        Directory.CreateDirectory(dir["run/output"]);
        RealDocuments.WriteJsonl(dir["run/output/00000.jsonl"], docs);
        File.AppendAllText(dir["run/output/00000.jsonl"], "{\"text\": broken\n");
        string yaml = $$"""
            tokenizer: {{MixRunFixture.TokenizerPath}}
            output: {path: {{dir["mix"]}}}
            phases:
              - {name: a, tokens: 5000, order: {key: difficulty}, sources: [{path: {{dir["run"]}}, tokens: 5000}]}
            """;
        File.WriteAllText(dir["c.yaml"], yaml);
        var e = Assert.Throws<InvalidDataException>(() => MixRunner.Run(CurriculumLoader.Load(dir["c.yaml"])));
        Assert.Contains("00000.jsonl", e.Message);
        Assert.Contains("(row 0) has no numeric metadata 'difficulty'", e.Message);
        File.WriteAllText(dir["c2.yaml"], yaml.Replace(", order: {key: difficulty}", "").Replace(dir["mix"], dir["mix2"]));
        var log = new StringWriter();
        using var result = MixRunner.Run(CurriculumLoader.Load(dir["c2.yaml"]), log);
        Assert.Equal(1, result.Selection.Sources[0].Quarantined);
        Assert.Equal(30, result.Selection.Sources[0].Documents.Count);
        Assert.Contains("1 unreadable records skipped", log.ToString());
        // The recipe lists, per source, the shards that hold it.
        var recipe = YulanRecipeJson.Load(dir["mix2/recipes/01_a.json"]);
        Assert.Equal(["shards/splitted_part-0000.parquet"], recipe.Files.Single().Value.Single().Paths);
    }

    [Fact]
    public void CommandLinePlansAndReportsTheReleasedRecipes()
    {
        using var dir = new TempDir();
        foreach (var f in YulanRecipeTests.RecipeFiles())
            Assert.Equal(0, YuLanData.Cli.Commands.CommandLineApp.Run(["mix", "plan", f]));
        Assert.Equal(0, YuLanData.Cli.Commands.CommandLineApp.Run(["mix", "report", Testing.RepoPaths.SharedData("yulan-mix"), "--png", dir["all.png"]]));
        Assert.True(new FileInfo(dir["all.png"]).Length > 10_000);
        Assert.Equal(0, YuLanData.Cli.Commands.CommandLineApp.Run(["mix", "plan", Path.Combine(Testing.RepoPaths.Root, "pipelines", "mix", "web-demo.yaml")]));
        File.WriteAllText(dir["bad.json"], "{\"Total Tokens(B)\": [}");
        Assert.Equal(YuLanData.Cli.Commands.ExitCodes.BadConfig, YuLanData.Cli.Commands.CommandLineApp.Run(["mix", "plan", dir["bad.json"]]));
    }
}
