using System.Globalization;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Model;
using YuLanData.Inference.Native;
using static TorchSharp.torch;

namespace YuLanData.Cli.Bench;

/// <summary>
/// <c>./yulandata bench generation</c>: decode throughput of the TorchSharp Llama engine on a YuLan-Mini-shaped
/// model with random weights, and a synthesis-like workload through the full engine. Baselines measured in the
/// same run: the same decode step with the attended key length growing by one every step (no shape buckets),
/// and the same workload in static batches (a batch waits for its longest request).
/// Options: <c>--device cpu|cuda</c> <c>--shape yulan-mini|reduced</c> <c>--layers N</c> <c>--batches 64,256,512</c>
/// <c>--steps N</c> <c>--prompt-len N</c> <c>--dtype bf16|fp32</c> <c>--requests N</c> (default twice the synthesis batch)
/// <c>--synthesis-batch N</c> (default 256 when measured, else the largest batch) <c>--skip-synthesis</c> <c>--threads N</c> (CPU threads).
/// </summary>
public sealed class GenerationBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "generation";

    /// <inheritdoc />
    public string Description => "TorchSharp Llama decode tok/s (YuLan-Mini shape, random weights) vs unbucketed attention; synthesis workload vs static batching";

    /// <inheritdoc />
    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        var options = Options.Parse(arguments);
        var device = TorchRuntime.Device(options.Device);
        if (options.Threads is { } threads) set_num_threads(threads);
        var config = options.Config();
        output.WriteLine($"generation benchmark: device {options.Device} ({get_num_threads()} CPU threads), dtype {options.DType}, shape hidden {config.HiddenSize}, layers {config.NumLayers}, " +
                         $"heads {config.NumHeads}/{config.NumKeyValueHeads}, head_dim {config.HeadDim}, ffn {config.IntermediateSize}, vocab {config.VocabSize}; random weights");
        var dispatch = DispatchCost.Measure(device, options.DType);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dispatch: one op {dispatch.MicrosecondsPerOp:F1} us; one decoder layer of a decode step {dispatch.MicrosecondsPerLayer:F1} us = {dispatch.OpsPerLayer:F1} ops (tiny model, batch 1)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine_ops_per_layer: {dispatch.OpsPerLayer:F1}"));
        var bandwidth = MemoryBandwidth.Measure(device, device.type == TorchSharp.DeviceType.CUDA ? 2L << 30 : 256L << 20);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory bandwidth (copy_, read + write): {bandwidth / 1e9:F0} GB/s"));
        using var model = LlamaModel.Random(config, device, options.DType);
        foreach (var batch in options.Batches)
        {
            var bucketed = DecodeThroughput.Measure(model, batch, options.PromptLength, options.Steps, keyBucket: 128);
            var growing = DecodeThroughput.Measure(model, batch, options.PromptLength, options.Steps, keyBucket: 1);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"decode B={batch} ctx={options.PromptLength}: {bucketed.TokensPerSecond:F0} tok/s ({bucketed.MillisecondsPerStep:F2} ms/step, key length bucket 128, " +
                $"{bucketed.RooflineShare(bandwidth):P0} of the bandwidth roofline for {bucketed.BytesPerStep / 1e9:F2} GB/step) | " +
                $"baseline key length +1 per step: {growing.TokensPerSecond:F0} tok/s ({growing.MillisecondsPerStep:F2} ms/step) | ratio {bucketed.TokensPerSecond / growing.TokensPerSecond:F2}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine_decode_tok_per_s[B={batch}]: {bucketed.TokensPerSecond:F0}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine_roofline_share[B={batch}]: {bucketed.RooflineShare(bandwidth):F3}"));
        }
        if (!options.SkipSynthesis) Synthesis(model, options, output);
        return 0;
    }

    // As a synthesis job issues them: prompts of 100-600 tokens, sampled outputs of up to 1,024 tokens that end at
    // stop tokens (a set of ids sized so that a sampled output stops after about 400 tokens on average).
    private static void Synthesis(LlamaModel model, Options options, TextWriter output)
    {
        // 256 by default on the GPU: a batch of 512 sequences of up to 1,624 positions needs a 73 GB KV cache.
        var batch = options.SynthesisBatch ?? (options.Batches.Contains(256) ? 256 : options.Batches.Max());
        var random = new Random(17);
        var (promptMin, promptMax, maxNew, meanLength) = options.Reduced ? (16, 96, 64, 24) : (100, 600, 1024, 400);
        var vocab = model.Config.VocabSize;
        var stops = Enumerable.Range(3, Math.Max(1, (vocab - 3) / meanLength)).ToArray();
        var requests = Enumerable.Range(0, options.RequestCount ?? 2 * batch).Select(i => new GenerationRequest($"s{i}",
            Enumerable.Range(0, random.Next(promptMin, promptMax + 1)).Select(_ => random.Next(3, vocab)).ToArray(),
            new SamplingParameters { Temperature = 0.8, TopP = 0.95, Seed = i, MaxNewTokens = maxNew, StopTokenIds = stops })).ToArray();
        var engine = new BatchGenerator(model, new GeneratorOptions { MaxBatch = batch });
        var continuous = engine.Generate(requests);
        var gathered = new BatchGenerator(model, new GeneratorOptions { MaxBatch = batch, RefillFraction = 1.0 / 16 }).Generate(requests);
        var staticTokens = 0L;
        var staticClock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var chunk in requests.Chunk(batch)) staticTokens += engine.Generate(chunk).GeneratedTokens;
        var staticRate = staticTokens / staticClock.Elapsed.TotalSeconds;
        var failed = continuous.Results.Count(r => r.FinishReason == FinishReason.Error);
        var stopped = continuous.Results.Count(r => r.FinishReason == FinishReason.Eos);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"synthesis {requests.Length} requests, prompts {promptMin}-{promptMax}, up to {maxNew} new tokens ({stopped} ended at a stop token), B={batch}: " +
            $"continuous {continuous.TokensPerSecond:F0} tok/s ({continuous.GeneratedTokens} tokens, {continuous.DecodeSteps} steps, {failed} failed) | " +
            $"baseline static batches {staticRate:F0} tok/s | ratio {continuous.TokensPerSecond / staticRate:F2} | " +
            $"refills gathered to 1/16 of the batch: {gathered.TokensPerSecond:F0} tok/s ({gathered.PrefillCalls} prefill calls vs {continuous.PrefillCalls}), ratio {gathered.TokensPerSecond / continuous.TokensPerSecond:F2}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine_synthesis_tok_per_s[B={batch}]: {continuous.TokensPerSecond:F0}"));
    }

    private sealed record Options(string Device, bool Reduced, int? Layers, int[] Batches, int Steps, int PromptLength, ScalarType DType, int? RequestCount, bool SkipSynthesis, int? Threads, int? SynthesisBatch)
    {
        public LlamaConfig Config()
        {
            var c = Reduced
                ? LlamaConfig.YuLanMini with { HiddenSize = 256, NumHeads = 4, NumKeyValueHeads = 2, HeadDim = 64, IntermediateSize = 640, NumLayers = 4, VocabSize = 8000 }
                : LlamaConfig.YuLanMini;
            return c with { NumLayers = Layers ?? c.NumLayers, EosTokenIds = [] };
        }

        public static Options Parse(IReadOnlyList<string> args)
        {
            string? device = null, shape = null, dtype = null;
            int? layers = null, steps = null, prompt = null, requests = null, threads = null, synthesisBatch = null;
            int[]? batches = null;
            var skip = false;
            for (var i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--device": device = Value(); break;
                    case "--shape": shape = Value(); break;
                    case "--layers": layers = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--batches": batches = Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                    case "--steps": steps = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--prompt-len": prompt = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--dtype": dtype = Value(); break;
                    case "--requests": requests = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--skip-synthesis": skip = true; break;
                    case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--synthesis-batch": synthesisBatch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown option '{args[i]}' for bench generation");
                }
            }
            device ??= "cpu";
            var onCpu = device == "cpu";
            var reduced = (shape ?? (onCpu ? "reduced" : "yulan-mini")) switch
            {
                "reduced" => true,
                "yulan-mini" => false,
                var s => throw new ArgumentException($"--shape must be yulan-mini or reduced, not '{s}'"),
            };
            var type = (dtype ?? (onCpu ? "fp32" : "bf16")) switch
            {
                "bf16" or "bfloat16" => ScalarType.BFloat16,
                "fp32" or "float32" => ScalarType.Float32,
                "fp16" or "float16" => ScalarType.Float16,
                var s => throw new ArgumentException($"--dtype must be bf16, fp16 or fp32, not '{s}'"),
            };
            batches ??= onCpu ? [4, 16] : [64, 256, 512];
            return new Options(device, reduced, layers, batches, steps ?? (onCpu ? 8 : 32), prompt ?? (onCpu ? 64 : 512), type,
                requests ?? (onCpu ? 24 : null), skip, threads, synthesisBatch);
        }
    }
}
