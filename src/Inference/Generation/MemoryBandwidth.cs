using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>
/// Measured memory bandwidth of a device: a large tensor copied into another, read plus written bytes per second.
/// The decode step's roofline is the bytes it must read (weights and attended KV) over this rate.
/// </summary>
public static class MemoryBandwidth
{
    /// <summary>Bytes per second moved by <c>copy_</c> of a <paramref name="bytes"/>-byte tensor (best of a few runs).</summary>
    /// <param name="device">Device to measure.</param>
    /// <param name="bytes">Size of the copied tensor; it must exceed the caches (256 MiB and up on GPUs).</param>
    public static double Measure(Device device, long bytes)
    {
        using var scope = NewDisposeScope();
        var source = ones(bytes / 2, ScalarType.BFloat16, device);
        var target = empty(bytes / 2, ScalarType.BFloat16, device);
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
            best = Math.Min(best, DeviceClock.SecondsPerCall(device, warmup: 1, iterations: 5, () => target.copy_(source)));
        return 2.0 * bytes / best;
    }
}
