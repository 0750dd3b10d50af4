using TorchSharp;
using YuLanData.Inference.Model;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace YuLanData.Inference.Tests.Model;

/// <summary>
/// The tiny Llama (YuLan-Mini structure: q/k/v/o biases, GQA, untied head, rope_theta 490000) against
/// transformers' LlamaForCausalLM outputs, on CPU in float32.
/// </summary>
public class LlamaParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> ModelDirs => new() { "tiny-llama", "tiny-llama-sharded" };

    [Theory]
    [MemberData(nameof(ModelDirs))]
    public void LogitsMatchTransformers(string dir)
    {
        using var model = LlamaModel.Load(TinyLlamaFixture.ModelDir(dir), "cpu");
        foreach (var c in TinyLlamaFixture.Load())
        {
            using var logits = model.Logits(c.Prompt);
            Assert.Equal(new long[] { c.Prompt.Length, 320 }, logits.shape);
            var last = logits[-1].data<float>().ToArray();
            var maxDiff = last.Zip(c.LastLogits, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{dir} prompt of {c.Prompt.Length}: max |logit diff| at last position {maxDiff:E2}");
            Assert.True(maxDiff <= 1e-4, $"{dir} prompt of {c.Prompt.Length}: last-position logits differ by {maxDiff}");
            using var argmax = logits.argmax(1);
            Assert.Equal(c.Argmax, argmax.data<long>().ToArray().Select(x => (int)x).ToArray());
            using var sums = logits.sum(1);
            var s = sums.data<float>().ToArray();
            for (var i = 0; i < s.Length; i++)
                Assert.True(Math.Abs(s[i] - c.LogitSums[i]) <= 2e-3, $"{dir}: position {i} logit sum {s[i]} vs {c.LogitSums[i]}");
        }
    }

    /// <summary>
    /// bfloat16 compute (the GPU dtype) on CPU: last-position logits stay near transformers' float32 ones, and
    /// decoding through the cache gives the logits a full forward pass over the same tokens gives.
    /// </summary>
    [Fact]
    public void Bf16ComputeTracksFloat32AndCacheMatchesFullPass()
    {
        using var model = LlamaModel.Load(TinyLlamaFixture.ModelDir("tiny-llama"), "cpu", ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, model.DType);
        foreach (var c in TinyLlamaFixture.Load())
        {
            using var logits = model.Logits(c.Prompt);
            var last = logits[-1].data<float>().ToArray();
            var scale = c.LastLogits.Max(Math.Abs);
            var maxDiff = last.Zip(c.LastLogits, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"bf16 prompt of {c.Prompt.Length}: max |logit diff| {maxDiff:E2} (largest |logit| {scale:F2})");
            Assert.True(maxDiff <= 0.05 * scale, $"bf16 logits differ by {maxDiff} (largest |logit| {scale})");

            var sequence = c.Prompt.Concat(c.Greedy.Take(6)).ToArray();
            using var cache = new KvCache(model.Config, slots: 1, maxLength: 64, model.DType, model.Device);
            using (model.Prefill([c.Prompt], 16, cache, [0])) { }
            using var full = model.Logits(sequence);
            for (var position = c.Prompt.Length; position < sequence.Length; position++)
            {
                using var token = tensor(new long[] { sequence[position] });
                using var step = model.Decode(token, [position], cache, keyLength: 32);
                var diff = (step[0] - full[position]).abs().max().item<float>();
                Assert.True(diff <= 0.02 * scale, $"bf16 decode at {position} differs from the full pass by {diff}");
            }
        }
    }

    /// <summary>
    /// Greedy decoding through the KV cache (prefill, then one-token decode steps over a bucketed, masked key
    /// length) reproduces transformers' greedy continuation. Compared up to the first step whose top-2 margin in
    /// transformers is below 1e-3; past that, float32 round-off may legitimately pick the other token.
    /// </summary>
    [Theory]
    [MemberData(nameof(ModelDirs))]
    public void CachedGreedyDecodingMatchesTransformers(string dir)
    {
        using var model = LlamaModel.Load(TinyLlamaFixture.ModelDir(dir), "cpu");
        foreach (var c in TinyLlamaFixture.Load())
        {
            var steps = c.ComparableSteps;
            Assert.True(steps >= 7, "fixture leaves too few comparable steps");
            using var cache = new KvCache(model.Config, slots: 1, maxLength: 64, model.DType, model.Device);
            var generated = new List<int>();
            using (var first = model.Prefill([c.Prompt], 16 * ((c.Prompt.Length + 15) / 16), cache, [0]))
                generated.Add((int)first.argmax(1).item<long>());
            while (generated.Count < steps)
            {
                var position = c.Prompt.Length + generated.Count - 1;
                using var token = tensor(new long[] { generated[^1] });
                using var logits = model.Decode(token, [position], cache, keyLength: 32 * (position / 32 + 1));
                generated.Add((int)logits.argmax(1).item<long>());
            }
            Assert.Equal(c.Greedy.Take(steps), generated);
        }
    }
}
