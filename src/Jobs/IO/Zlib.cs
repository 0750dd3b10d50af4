using System.Runtime.InteropServices;

namespace YuLanData.Jobs.IO;

/// <summary>The system zlib (<c>libz.so.1</c>): the inflate calls the gzip readers use, and CRC-32.</summary>
internal static unsafe class Zlib
{
    private const string Library = "libz.so.1";
    public const int Ok = 0, StreamEnd = 1, BufError = -5, NoFlush = 0;

    /// <summary>windowBits for inflateInit2 that accepts a gzip header and checks its trailer (CRC-32 + ISIZE).</summary>
    public const int GzipWindowBits = 15 + 16;

    /// <summary>sizeof(z_stream) on LP64.</summary>
    public const int ZStreamSize = 112;

    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public sbyte* Msg;
        public void* State;
        public void* ZAlloc;
        public void* ZFree;
        public void* Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    [DllImport(Library, EntryPoint = "inflateInit2_")]
    private static extern int InflateInit2(ZStream* strm, int windowBits, byte* version, int streamSize);

    [DllImport(Library, EntryPoint = "inflate")]
    public static extern int Inflate(ZStream* strm, int flush);

    [DllImport(Library, EntryPoint = "inflateReset")]
    public static extern int InflateReset(ZStream* strm);

    [DllImport(Library, EntryPoint = "inflateEnd")]
    public static extern int InflateEnd(ZStream* strm);

    [DllImport(Library, EntryPoint = "crc32")]
    private static extern nuint Crc32(nuint crc, byte* buffer, uint length);

    /// <summary>Allocates a z_stream ready to inflate gzip members; free it with <see cref="FreeInflater"/>.</summary>
    public static ZStream* NewGzipInflater()
    {
        if (sizeof(ZStream) != ZStreamSize)
            throw new PlatformNotSupportedException("unexpected z_stream layout");
        var z = (ZStream*)NativeMemory.AllocZeroed(ZStreamSize);
        byte* version = stackalloc byte[] { (byte)'1', (byte)'.', (byte)'2', (byte)'.', (byte)'1', (byte)'1', 0 };
        int rc = InflateInit2(z, GzipWindowBits, version, ZStreamSize);
        if (rc != Ok)
        {
            NativeMemory.Free(z);
            throw new InvalidOperationException($"zlib inflateInit2 failed ({rc})");
        }
        return z;
    }

    public static void FreeInflater(ZStream* z)
    {
        InflateEnd(z);
        NativeMemory.Free(z);
    }

    /// <summary>The message zlib left for the last error, or the code.</summary>
    public static string ErrorMessage(ZStream* z, int rc) => z->Msg != null ? new string(z->Msg) : $"zlib error {rc}";

    /// <summary>Continues a CRC-32 (the gzip/Parquet polynomial) over <paramref name="data"/>; start with 0.</summary>
    public static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            nuint c = crc;
            int done = 0;
            while (done < data.Length)
            {
                int n = Math.Min(data.Length - done, 1 << 30);
                c = Crc32(c, p + done, (uint)n);
                done += n;
            }
            return (uint)c;
        }
    }
}
