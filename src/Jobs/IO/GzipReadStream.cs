using System.Runtime.InteropServices;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Decompresses gzip (one or several concatenated members) through the system zlib, and — unlike
/// <see cref="System.IO.Compression.GZipStream"/>, which ends silently — throws <see cref="InvalidDataException"/>
/// when the input ends inside a member, so a truncated file is reported instead of read as shorter.
/// </summary>
internal sealed unsafe class GzipReadStream : ForwardReadStream
{
    private const int InputSize = 1 << 16;

    private readonly Stream _inner;
    private readonly Zlib.ZStream* _z;
    private readonly byte* _input;
    private bool _inputEnded;
    private bool _inMember;
    private bool _finished;

    public GzipReadStream(Stream inner)
    {
        _inner = inner;
        _z = Zlib.NewGzipInflater();
        _input = (byte*)NativeMemory.Alloc(InputSize);
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
                int rc = Zlib.Inflate(_z, Zlib.NoFlush);
                int produced = destination.Length - (int)_z->AvailOut;
                if (rc == Zlib.StreamEnd)
                {
                    _inMember = false;
                    Zlib.InflateReset(_z);
                }
                else if (rc != Zlib.Ok && !(rc == Zlib.BufError && (produced > 0 || availBefore == 0)))
                {
                    throw new InvalidDataException("corrupt gzip data: " + Zlib.ErrorMessage(_z, rc));
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
            Zlib.FreeInflater(_z);
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
