using System.Runtime.InteropServices;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Decompresses gzip (one or several concatenated members) through the system zlib, and — unlike
/// <see cref="System.IO.Compression.GZipStream"/>, which ends silently — throws <see cref="InvalidDataException"/>
/// when the input ends inside a member, so a truncated file is reported instead of read as shorter.
/// </summary>
internal sealed unsafe class GzipReadStream : ForwardReadStream
{
    private const int ZOk = 0, ZStreamEnd = 1, ZBufError = -5, ZNoFlush = 0;
    private const int GzipWindowBits = 15 + 16;
    private const int ZStreamSize = 112; // sizeof(z_stream) on LP64
    private const int InputSize = 1 << 16;

    private readonly Stream _inner;
    private readonly ZStream* _z;
    private readonly byte* _input;
    private bool _inputEnded;
    private bool _inMember;
    private bool _finished;

    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
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

    [DllImport("libz.so.1", EntryPoint = "inflateInit2_")]
    private static extern int InflateInit2(ZStream* strm, int windowBits, byte* version, int streamSize);

    [DllImport("libz.so.1", EntryPoint = "inflate")]
    private static extern int Inflate(ZStream* strm, int flush);

    [DllImport("libz.so.1", EntryPoint = "inflateReset")]
    private static extern int InflateReset(ZStream* strm);

    [DllImport("libz.so.1", EntryPoint = "inflateEnd")]
    private static extern int InflateEnd(ZStream* strm);

    public GzipReadStream(Stream inner)
    {
        if (sizeof(ZStream) != ZStreamSize)
            throw new PlatformNotSupportedException("unexpected z_stream layout");
        _inner = inner;
        _z = (ZStream*)NativeMemory.AllocZeroed(ZStreamSize);
        _input = (byte*)NativeMemory.Alloc(InputSize);
        byte* version = stackalloc byte[] { (byte)'1', (byte)'.', (byte)'2', (byte)'.', (byte)'1', (byte)'1', 0 };
        int rc = InflateInit2(_z, GzipWindowBits, version, ZStreamSize);
        if (rc != ZOk)
        {
            NativeMemory.Free(_z);
            NativeMemory.Free(_input);
            throw new InvalidOperationException($"zlib inflateInit2 failed ({rc})");
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (_finished || destination.IsEmpty)
            return 0;
        fixed (byte* output = destination)
        {
            while (true)
            {
                if (_z->AvailIn == 0 && !_inputEnded)
                    Refill();
                if (_z->AvailIn == 0 && _inputEnded)
                {
                    if (_inMember)
                        throw new InvalidDataException("gzip data ends inside a member (file truncated)");
                    _finished = true;
                    return 0;
                }
                _z->NextOut = output;
                _z->AvailOut = (uint)destination.Length;
                uint availBefore = _z->AvailIn;
                _inMember = true;
                int rc = Inflate(_z, ZNoFlush);
                int produced = destination.Length - (int)_z->AvailOut;
                if (rc == ZStreamEnd)
                {
                    _inMember = false;
                    InflateReset(_z);
                }
                else if (rc != ZOk && !(rc == ZBufError && (produced > 0 || availBefore == 0)))
                {
                    string message = _z->Msg != null ? new string(_z->Msg) : $"zlib error {rc}";
                    throw new InvalidDataException("corrupt gzip data: " + message);
                }
                if (produced > 0)
                    return produced;
            }
        }
    }

    private void Refill()
    {
        int n = _inner.Read(new Span<byte>(_input, InputSize));
        if (n == 0)
            _inputEnded = true;
        _z->NextIn = _input;
        _z->AvailIn = (uint)n;
    }

    private bool _disposed;

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            InflateEnd(_z);
            NativeMemory.Free(_z);
            NativeMemory.Free(_input);
            if (disposing)
                _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    ~GzipReadStream()
    {
        Dispose(false);
    }
}
