using TorchSharp;

namespace YuLanData.Inference.Native;

/// <summary>
/// Loads TorchSharp's native backend once and resolves device names. Call before the first tensor op;
/// it turns a native-loading failure into an error that says what to check.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _cudaInitialized;

    /// <summary>
    /// Parses a device name (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) and makes sure its backend is loaded.
    /// </summary>
    /// <param name="name">The device name as given on a command line.</param>
    /// <returns>The TorchSharp device.</returns>
    /// <exception cref="InvalidOperationException">The native library could not be loaded or CUDA is not available.</exception>
    public static torch.Device Device(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var isCuda = name.StartsWith("cuda", StringComparison.OrdinalIgnoreCase);
        if (!isCuda && !name.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"device must be cpu, cuda or cuda:N, not '{name}'", nameof(name));
        try
        {
            if (isCuda)
            {
                lock (Gate)
                {
                    if (!_cudaInitialized)
                    {
                        torch.InitializeDeviceType(DeviceType.CUDA);
                        _cudaInitialized = true;
                    }
                }
                if (!torch.cuda.is_available())
                    throw new InvalidOperationException(
                        "CUDA is not available: build with -p:TorchBackend=cuda or external and put a CUDA libtorch on LD_LIBRARY_PATH (see infra/build/README.md)");
            }
            return torch.device(name.ToLowerInvariant());
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"TorchSharp's native library did not load for device '{name}': {e.GetBaseException().Message}. " +
                "On Debian 12 the build must patch libLibTorchSharp.so (infra/build/TorchSharpNative.targets); " +
                "with -p:TorchBackend=external libtorch must be on LD_LIBRARY_PATH.", e);
        }
    }
}
