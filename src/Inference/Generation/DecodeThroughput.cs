using System.Diagnostics;
using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>One decode-throughput measurement.</summary>
/// <param name="Batch">Sequences decoded together.</param>
/// <param name="Steps">Timed decode steps.</param>
/// <param name="KeyBucket">Attended key length rounding (1: the length grows every step).</param>
/// <param name="Elapsed">Wall time of the timed steps.</param>
/// <param name="BytesPerStep">Bytes a step must read on average: weights plus each sequence's keys and values so far.</param>
public sealed record DecodeMeasurement(int Batch, int Steps, int KeyBucket, TimeSpan Elapsed, double BytesPerStep)
{
    /// <summary>Share of the memory-bandwidth roofline: the time to read <see cref="BytesPerStep"/> at <paramref name="bytesPerSecond"/> over the measured step time.</summary>
    public double RooflineShare(double bytesPerSecond) => BytesPerStep / bytesPerSecond / (Elapsed.TotalSeconds / Steps);

    /// <summary>Generated tokens per second.</summary>
    public double TokensPerSecond => Batch * Steps / Elapsed.TotalSeconds;
    /// <summary>Milliseconds per decode step.</summary>
    public double MillisecondsPerStep => Elapsed.TotalMilliseconds / Steps;
}

/// <summary>
/// Measures the engine's decode step alone: a full batch of random prompts is prefilled into a KV cache, then each
/// timed step decodes one token per sequence (argmax, read back to the host as the engine does).
/// </summary>
public static class DecodeThroughput
{
    /// <summary>Runs the measurement.</summary>
    /// <param name="model">Model (random weights are fine; only speed is measured).</param>
    /// <param name="batch">Sequences decoded together.</param>
    /// <param name="promptLength">Prefilled positions before the first timed step.</param>
    /// <param name="steps">Timed steps.</param>
    /// <param name="keyBucket">Round the attended key length up to a multiple of this (1 reproduces a growing shape).</param>
    /// <param name="warmup">Untimed steps first.</param>
    public static DecodeMeasurement Measure(LlamaModel model, int batch, int promptLength, int steps, int keyBucket, int warmup = 3)
    {
        var config = model.Config;
        var bucket = Math.Max(1, keyBucket);
        var needed = promptLength + warmup + steps + 1;
        var maxLength = Math.Min((needed + bucket - 1) / bucket * bucket, config.MaxPositionEmbeddings);
        if (needed > maxLength) throw new ArgumentException($"prompt {promptLength} + {warmup + steps} steps exceed the context {config.MaxPositionEmbeddings}");
        using var cache = new KvCache(config, batch, maxLength, model.DType, model.Device);
        var random = new Random(5);
        var slots = Enumerable.Range(0, batch).ToArray();
        var tokens = new long[batch];
        var chunk = Math.Max(1, 16384 / promptLength);
        for (var start = 0; start < batch; start += chunk)
        {
            var count = Math.Min(chunk, batch - start);
            var prompts = Enumerable.Range(0, count).Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, promptLength).Select(_ => random.Next(3, config.VocabSize)).ToArray()).ToArray();
            using var logits = model.Prefill(prompts, promptLength, cache, slots[start..(start + count)]);
            using var next = logits.argmax(1).cpu();
            next.data<long>().CopyTo(tokens.AsSpan(start, count));
        }
        var positions = new int[batch];
        var kvBytesPerPosition = KvCache.BytesFor(config, batch, 1, model.ElementSize);
        var kvBytes = 0.0;
        var clock = new Stopwatch();
        for (var step = 0; step < warmup + steps; step++)
        {
            if (step == warmup) clock.Start();
            Array.Fill(positions, promptLength + step);
            var keyLength = Math.Min((promptLength + step + 1 + bucket - 1) / bucket * bucket, maxLength);
            if (step >= warmup) kvBytes += (double)kvBytesPerPosition * (promptLength + step + 1);
            using var scope = NewDisposeScope();
            var input = tensor(tokens, device: model.Device);
            using var logits = model.Decode(input, positions, cache, keyLength);
            logits.argmax(1).cpu().data<long>().CopyTo(tokens);
        }
        clock.Stop();
        return new DecodeMeasurement(batch, steps, bucket, clock.Elapsed, model.WeightBytesPerStep + kvBytes / steps);
    }
}
