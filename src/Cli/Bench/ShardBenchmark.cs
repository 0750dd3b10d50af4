using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using YuLanData.Inference.Tokenization;
using YuLanData.Jobs.Mixing;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Mix shard writing throughput (tokens/s) against a read-only pass over the same input (every selected document's
/// token ids read from the source index in training order, nothing written) in the same run, and against reading and
/// parsing the source files themselves.
/// Usage: <c>bench shards [--input FILE ...] [--tokenizer T] [--shard-tokens N] [--repeat N]</c>
/// (default: the English web files of ../shared/data/web, the sp-bpe-bytefallback tokenizer fixture).
/// </summary>
public sealed class ShardBenchmark : IBenchmark
{
    public string Name => "shards";

    public string Description => "mix shard writing tokens/s (tokenized, packed, +Megatron) vs a read-only pass over the same index";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        var inputs = new List<string>();
        string tokenizerPath = "../shared/fixtures/tokenizers/sp-bpe-bytefallback/tokenizer.json";
        long shardTokens = 250_000;
        int repeat = 3;
        for (int i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--input": inputs.Add(arguments[++i]); break;
                case "--tokenizer": tokenizerPath = arguments[++i]; break;
                case "--shard-tokens": shardTokens = long.Parse(arguments[++i], CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(arguments[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"bench shards: unknown argument '{arguments[i]}'");
            }
        }
        if (inputs.Count == 0)
            inputs.AddRange(new[] { "bbc_news_2225.jsonl.gz", "nltk_abc_rural_news.jsonl.gz", "dclm_quality_annotated_cc.jsonl.gz", "datajuicer_redpajama_pile_samples.jsonl", "article_extraction_benchmark_groundtruth.jsonl" }
                .Select(f => "../shared/data/web/" + f));
        string scratch = Path.Combine(Path.GetTempPath(), "yulandata-bench-shards-" + Environment.ProcessId);
        Directory.CreateDirectory(scratch);
        try
        {
            var tokenizer = HuggingFaceTokenizer.Load(tokenizerPath);
            string fingerprint = XxHash64.HashToUInt64(File.ReadAllBytes(tokenizerPath)).ToString("x16");
            int eos = tokenizer.EosId ?? throw new ArgumentException($"{tokenizerPath}: no EOS token");
            var settings = new TokenizationSettings(true, true, eos, "text");
            var sw = Stopwatch.StartNew();
            var indexes = inputs.Select(f => SourceIndex.Open(f, Path.Combine(scratch, "index"), tokenizer, fingerprint, settings, [], false)).ToList();
            double indexSeconds = sw.Elapsed.TotalSeconds;
            long tokens = indexes.Sum(i => i.TotalTokens);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench shards: {inputs.Count} sources, {indexes.Sum(i => i.Documents.Count):N0} documents, {tokens:N0} tokens; first pass (read + tokenize + index) {tokens / indexSeconds:N0} tokens/s"));
            double parseSeconds = BenchTiming.Best(repeat, () =>
            {
                foreach (var i in indexes)
                    foreach (var f in i.Files)
                        Jobs.IO.DocumentReader.ReadFile(f).Count(r => r.Document != null);
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"source read+parse only",-26} {"",11} {tokens / parseSeconds,12:N0} tokens/s (the JSONL/Parquet inputs, no tokenizing)"));
            try
            {
                foreach (var format in new[] { ShardFormat.Tokenized, ShardFormat.Packed })
                    foreach (bool megatron in new[] { false, true })
                    {
                        var phase = new PhaseConfig("all", tokens, null, false, format, 4096, false,
                            indexes.Select(i => new SourceTarget(i.Source, null, i.TotalTokens)).ToList());
                        var config = new CurriculumConfig("bench", "bench", 1, tokenizerPath, true, true, "text", scratch, shardTokens, megatron, [phase]);
                        var selection = MixSelection.Select(config, indexes);
                        var shards = ShardPlan.Plan(selection, shardTokens);
                        var order = selection.Phases[0].Order;
                        long selected = selection.Phases[0].Tokens(indexes);
                        var buffer = new int[1 << 16];
                        long checksum = 0;
                        double readSeconds = BenchTiming.Best(repeat, () =>
                        {
                            foreach (var d in order)
                            {
                                var doc = indexes[d.Source].Documents[d.Document];
                                if (buffer.Length < doc.Tokens)
                                    buffer = new int[doc.Tokens];
                                indexes[d.Source].ReadTokens(doc, buffer);
                                checksum += buffer[doc.Tokens - 1];
                            }
                        });
                        int run = 0;
                        foreach (int workers in new[] { 1, Environment.ProcessorCount }.Distinct())
                        {
                            double writeSeconds = BenchTiming.Best(repeat, () =>
                            {
                                string dir = Path.Combine(scratch, $"out-{format}-{megatron}-{run++}");
                                Directory.CreateDirectory(dir);
                                Parallel.ForEach(shards, new ParallelOptions { MaxDegreeOfParallelism = workers }, shard =>
                                    MixRunner.WriteShard(config, selection, shard, dir, eos, MegatronIndexedDataset.DTypeFor(tokenizer.VocabularySize)));
                                Directory.Delete(dir, true);
                            });
                            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"{(format == ShardFormat.Packed ? "packed 4096" : "tokenized") + (megatron ? " + megatron" : ""),-24} {shards.Count,4} shards {workers,2} worker(s)  write {selected / writeSeconds,12:N0} tokens/s   read-only {selected / readSeconds,12:N0} tokens/s   write/read {readSeconds / writeSeconds:F3}   write/source-parse {parseSeconds / writeSeconds:F2}"));
                        }
                        if (checksum == long.MinValue)
                            output.WriteLine();
                    }
            }
            finally
            {
                foreach (var i in indexes)
                    i.Dispose();
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return 0;
    }
}
