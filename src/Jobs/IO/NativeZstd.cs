using System.Runtime.InteropServices;

namespace YuLanData.Jobs.IO;

/// <summary>
/// The system's libzstd (Debian's <c>libzstd1</c>): about 2.5x the compression and 3x the decompression speed of the
/// managed ZstdSharp port, which remains the fallback where the library cannot be loaded.
/// </summary>
internal static unsafe class NativeZstd
{
    private const string Library = "libzstd.so.1";

    /// <summary>Whether libzstd loads here (checked once).</summary>
    public static bool IsAvailable { get; } = Probe();

    [StructLayout(LayoutKind.Sequential)]
    public struct Buffer
    {
        public void* Data;
        public nuint Size;
        public nuint Pos;
    }

    public const int CompressionLevelParameter = 100; // ZSTD_c_compressionLevel
    public const int ChecksumFlagParameter = 201;     // ZSTD_c_checksumFlag
    public const int Continue = 0, End = 2;           // ZSTD_EndDirective

    [DllImport(Library, EntryPoint = "ZSTD_createCCtx")] public static extern nint CreateCCtx();
    [DllImport(Library, EntryPoint = "ZSTD_freeCCtx")] public static extern nuint FreeCCtx(nint cctx);
    [DllImport(Library, EntryPoint = "ZSTD_CCtx_setParameter")] public static extern nuint SetParameter(nint cctx, int parameter, int value);
    [DllImport(Library, EntryPoint = "ZSTD_compressStream2")] public static extern nuint CompressStream2(nint cctx, Buffer* output, Buffer* input, int endOp);
    [DllImport(Library, EntryPoint = "ZSTD_createDCtx")] public static extern nint CreateDCtx();
    [DllImport(Library, EntryPoint = "ZSTD_freeDCtx")] public static extern nuint FreeDCtx(nint dctx);
    [DllImport(Library, EntryPoint = "ZSTD_decompressStream")] public static extern nuint DecompressStream(nint dctx, Buffer* output, Buffer* input);
    [DllImport(Library, EntryPoint = "ZSTD_DCtx_reset")] public static extern nuint ResetDCtx(nint dctx, int reset);
    public const int ResetSessionOnly = 1;            // ZSTD_reset_session_only
    [DllImport(Library, EntryPoint = "ZSTD_isError")] private static extern uint IsError(nuint code);
    [DllImport(Library, EntryPoint = "ZSTD_getErrorName")] private static extern sbyte* GetErrorName(nuint code);

    /// <summary>Whether a libzstd return value is an error code.</summary>
    public static bool IsErrorCode(nuint code) => IsError(code) != 0;

    /// <summary>libzstd's name for an error code.</summary>
    public static string ErrorName(nuint code) => new(GetErrorName(code));

    /// <summary>Throws <see cref="InvalidDataException"/> when <paramref name="code"/> is a zstd error.</summary>
    public static nuint Check(nuint code, string what)
    {
        if (IsError(code) != 0)
            throw new InvalidDataException($"zstd {what}: {new string(GetErrorName(code))}");
        return code;
    }

    private static bool Probe()
    {
        try
        {
            if (!NativeLibrary.TryLoad(Library, out var handle)) return false;
            NativeLibrary.Free(handle);
            var ctx = CreateCCtx();
            FreeCCtx(ctx);
            return ctx != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
