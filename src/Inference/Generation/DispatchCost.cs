using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>What one decoder layer's decode step costs in op launches.</summary>
/// <param name="MicrosecondsPerOp">One in-place add on a 16-element tensor: the launch cost of a single op.</param>
/// <param name="MicrosecondsPerLayer">One decoder layer of a decode step on a tiny model at batch 1 (work is negligible there).</param>
public sealed record DispatchMeasurement(double MicrosecondsPerOp, double MicrosecondsPerLayer)
{
    /// <summary>The layer's cost in single-op launches: about the number of ops (kernels) a layer issues.</summary>
    public double OpsPerLayer => MicrosecondsPerLayer / MicrosecondsPerOp;
}

/// <summary>
/// Eager decoding on a GPU is bound by op dispatch (about 10 us per op against a few us of GPU work per op at
/// batch 256), so the number of ops a decode step issues decides its speed. This measures it without a profiler:
/// a tiny model's decode step at batch 1 is launch cost only, and the difference between two layer counts
/// divided by the cost of one launch gives the ops per layer.
/// </summary>
public static class DispatchCost
{
    /// <summary>Runs the measurement on <paramref name="device"/>.</summary>
    /// <param name="device">Device.</param>
    /// <param name="dtype">Model dtype.</param>
    public static DispatchMeasurement Measure(Device device, ScalarType dtype)
    {
        double perOp;
        using (var t = zeros(16, dtype, device))
            perOp = Best(() => DeviceClock.SecondsPerCall(device, 200, 2000, () => t.add_(1)));
        const int few = 4, many = 12;
        var stepFew = Best(() => StepSeconds(device, dtype, few));
        var stepMany = Best(() => StepSeconds(device, dtype, many));
        return new DispatchMeasurement(perOp * 1e6, (stepMany - stepFew) / (many - few) * 1e6);
    }

    private static double Best(Func<double> measure) => Enumerable.Range(0, 3).Min(_ => measure());

    // A decode step of a tiny model (GQA and biases as YuLan-Mini) whose kernels do almost no work.
    private static double StepSeconds(Device device, ScalarType dtype, int layers)
    {
        var config = LlamaConfig.YuLanMini with
        {
            HiddenSize = 64, NumHeads = 4, NumKeyValueHeads = 2, HeadDim = 16, IntermediateSize = 128,
            NumLayers = layers, VocabSize = 256, MaxPositionEmbeddings = 256, EosTokenIds = [],
        };
        using var model = LlamaModel.Random(config, device, dtype);
        using var cache = new KvCache(config, 1, 128, dtype, device);
        using var token = tensor(new long[] { 7 }, device: device);
        using (model.Prefill([[3, 4, 5, 6]], 4, cache, [0])) { }
        var position = new[] { 4 };
        return DeviceClock.SecondsPerCall(device, 20, 200, () =>
        {
            using var logits = model.Decode(token, position, cache, keyLength: 128);
        });
    }
}
