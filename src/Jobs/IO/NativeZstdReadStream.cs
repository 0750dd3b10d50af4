using System.Runtime.InteropServices;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Decompresses zstd (one or several frames) through the system libzstd, and throws <see cref="InvalidDataException"/>
/// when the input ends inside a frame, so a truncated file is reported instead of read as shorter.
/// </summary>
internal sealed unsafe class NativeZstdReadStream : ForwardReadStream
{
    private const int InputSize = 1 << 17;
    private readonly Stream _inner;
    private readonly nint _dctx;
    private readonly byte* _input;
    private NativeZstd.Buffer _in;
    private bool _inputEnded;
    private bool _inFrame;
    private bool _disposed;

    /// <param name="inner">The compressed bytes; disposed with this stream.</param>
    public NativeZstdReadStream(Stream inner)
    {
        _inner = inner;
        _dctx = NativeZstd.CreateDCtx();
        if (_dctx == 0) throw new OutOfMemoryException("ZSTD_createDCtx failed");
        _input = (byte*)NativeMemory.Alloc(InputSize);
        _in = new NativeZstd.Buffer { Data = _input, Size = 0, Pos = 0 };
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty) return 0;
        fixed (byte* data = buffer)
        {
            while (true)
            {
                if (_in.Pos == _in.Size && !_inputEnded)
                {
                    var n = _inner.Read(new Span<byte>(_input, InputSize));
                    _in.Size = (nuint)n;
                    _in.Pos = 0;
                    if (n == 0) _inputEnded = true;
                }
                if (_in.Pos == _in.Size && _inputEnded && !_inFrame) return 0;
                var output = new NativeZstd.Buffer { Data = data, Size = (nuint)buffer.Length, Pos = 0 };
                fixed (NativeZstd.Buffer* input = &_in)
                {
                    // 0: a frame is complete and flushed; otherwise more input or output room is needed.
                    _inFrame = NativeZstd.Check(NativeZstd.DecompressStream(_dctx, &output, input), "data is corrupt") != 0;
                }
                if (output.Pos > 0) return (int)output.Pos;
                if (_in.Pos == _in.Size && _inputEnded)
                {
                    if (_inFrame) throw new InvalidDataException("zstd stream ends inside a frame (truncated file)");
                    return 0;
                }
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    ~NativeZstdReadStream()
    {
        Dispose(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (disposing) _inner.Dispose();
        }
        finally
        {
            NativeZstd.FreeDCtx(_dctx);
            NativeMemory.Free(_input);
            base.Dispose(disposing);
        }
    }
}
