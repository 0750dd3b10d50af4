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

    /// <summary>
    /// Parses a weight type name (<c>float32</c>/<c>fp32</c>, <c>bfloat16</c>/<c>bf16</c>, <c>float16</c>/<c>fp16</c>, any case);
    /// none given means float32 on the CPU and bfloat16 on a GPU.
    /// </summary>
    /// <param name="name">The type as given, or null for the device's default.</param>
    /// <param name="device">The device the model will run on.</param>
    /// <param name="option">How the setting is named in the error message (<c>--dtype</c> on a command line, <c>dtype</c> in a job).</param>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static torch.ScalarType DType(string? name, torch.Device device, string option = "--dtype") => name?.ToLowerInvariant() switch
    {
        null => device.type == DeviceType.CPU ? torch.ScalarType.Float32 : torch.ScalarType.BFloat16,
        "float32" or "fp32" => torch.ScalarType.Float32,
        "bfloat16" or "bf16" => torch.ScalarType.BFloat16,
        "float16" or "fp16" => torch.ScalarType.Float16,
        var other => throw new ArgumentException($"{option} must be float32, bfloat16 or float16, not '{other}'"),
    };
}
