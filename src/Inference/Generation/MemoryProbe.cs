using System.Diagnostics;
using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>Free memory on a device, for sizing the KV cache.</summary>
public static class MemoryProbe
{
    /// <summary>Free bytes on <paramref name="device"/>: CPU from /proc/meminfo MemAvailable, CUDA from nvidia-smi; null when unknown.</summary>
    public static long? FreeBytes(Device device)
    {
        try
        {
            if (device.type == TorchSharp.DeviceType.CPU)
            {
                foreach (var line in File.ReadLines("/proc/meminfo"))
                    if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
                return null;
            }
            var index = device.index < 0 ? 0 : device.index;
            var start = new ProcessStartInfo("nvidia-smi", $"--query-gpu=memory.free --format=csv,noheader,nounits -i {index}")
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start);
            if (process is null) return null;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit(10_000);
            return long.TryParse(text.Trim(), out var mib) ? mib * 1024 * 1024 : null;
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
