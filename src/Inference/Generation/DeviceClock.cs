using System.Diagnostics;
using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>Wall-clock timing of device work: waits for queued kernels before reading the clock.</summary>
internal static class DeviceClock
{
    /// <summary>Blocks until the device has finished the work queued so far (CUDA launches are asynchronous).</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize(device);
    }

    /// <summary>Seconds per call of <paramref name="body"/> over <paramref name="iterations"/> calls, after <paramref name="warmup"/> untimed ones.</summary>
    public static double SecondsPerCall(Device device, int warmup, int iterations, Action body)
    {
        for (var i = 0; i < warmup; i++) body();
        Synchronize(device);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) body();
        Synchronize(device);
        return clock.Elapsed.TotalSeconds / iterations;
    }
}
