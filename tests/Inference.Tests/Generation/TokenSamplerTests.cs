using YuLanData.Inference.Generation;
using static TorchSharp.torch;

namespace YuLanData.Inference.Tests.Generation;

/// <summary>
/// The sampler's token frequencies against the distributions that temperature, top-k, top-p and repetition penalty
/// define (transformers' semantics). Uniforms are evenly spaced, so frequencies equal probabilities up to 1/rows.
/// </summary>
public class TokenSamplerTests
{
    private const int Rows = 2000;
    private static readonly float[] Probabilities = [0.05f, 0.5f, 0.15f, 0.3f];

    private static double[] Frequencies(SamplingRow settings, IReadOnlyList<int>? seen = null)
    {
        var logits = Probabilities.Select(p => MathF.Log(p)).ToArray();
        using var batch = tensor(Enumerable.Repeat(logits, Rows).SelectMany(x => x).ToArray(), new long[] { Rows, 4 });
        using var sampler = new TokenSampler(Rows, 4, CPU, trackSeen: seen is not null);
        if (seen is not null)
            for (var r = 0; r < Rows; r++) sampler.StartSlot(r, seen);
        var rows = Enumerable.Range(0, Rows).Select(i => settings with { Uniform = (i + 0.5f) / Rows }).ToArray();
        var tokens = sampler.Sample(batch, Enumerable.Range(0, Rows).ToArray(), rows);
        return Enumerable.Range(0, 4).Select(t => tokens.Count(x => x == t) / (double)Rows).ToArray();
    }

    private static void Near(double[] expected, double[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2.0 / Rows, $"token {i}: expected {expected[i]:F4}, got {actual[i]:F4} ({string.Join(", ", actual)})");
    }

    private static readonly SamplingRow Plain = new(false, 1f, 0, 1f, 1f, 0);

    [Fact]
    public void PlainSamplingFollowsSoftmax() => Near([0.05, 0.5, 0.15, 0.3], Frequencies(Plain));

    [Fact]
    public void TemperatureSharpens()
    {
        var w = Probabilities.Select(p => Math.Pow(p, 1 / 0.5)).ToArray();
        Near(w.Select(x => x / w.Sum()).ToArray(), Frequencies(Plain with { Temperature = 0.5f }));
    }

    [Fact]
    public void TopKKeepsTheKMostLikely() => Near([0, 0.5 / 0.8, 0, 0.3 / 0.8], Frequencies(Plain with { TopK = 2 }));

    [Fact]
    public void TopPKeepsTheSmallestSetReachingP()
    {
        Near([0, 0.5 / 0.8, 0, 0.3 / 0.8], Frequencies(Plain with { TopP = 0.7f }));
        Near([0, 1, 0, 0], Frequencies(Plain with { TopP = 0.5f })); // 0.5 alone reaches p
        Near([0, 0.5 / 0.95, 0.15 / 0.95, 0.3 / 0.95], Frequencies(Plain with { TopP = 0.9f }));
    }

    [Fact]
    public void RepetitionPenaltyScalesSeenLogits()
    {
        // Logits are all negative (log p), so a seen token's logit is multiplied by the penalty.
        var logits = Probabilities.Select(p => Math.Log(p)).ToArray();
        logits[1] *= 2;
        var w = logits.Select(Math.Exp).ToArray();
        Near(w.Select(x => x / w.Sum()).ToArray(), Frequencies(Plain with { RepetitionPenalty = 2f }, seen: [1]));
    }

    [Fact]
    public void NonFiniteRowsComeBackAsMinusOne()
    {
        using var logits = tensor(new float[] { 0, 1, 2, float.NaN, 0, 1, 2, 3 }, new long[] { 2, 4 });
        using var sampler = new TokenSampler(2, 4, CPU, trackSeen: false);
        var tokens = sampler.Sample(logits, [0, 1], [Plain with { Greedy = true }, Plain with { Greedy = true }]);
        Assert.Equal([-1L, 3L], tokens);
    }
}
