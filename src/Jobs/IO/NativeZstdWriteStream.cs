using System.Runtime.InteropServices;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Compresses what is written to it into one zstd frame on the inner stream, through the system libzstd. The frame
/// carries a content checksum (as the zstd CLI writes by default), so a reader detects corrupted data.
/// </summary>
internal sealed unsafe class NativeZstdWriteStream : Stream
{
    private const int OutputSize = 1 << 17;
    private readonly Stream _inner;
    private readonly nint _cctx;
    private readonly byte* _output;
    private bool _disposed;

    /// <param name="inner">Where the frame goes; disposed with this stream.</param>
    /// <param name="level">zstd compression level.</param>
    public NativeZstdWriteStream(Stream inner, int level)
    {
        _inner = inner;
        _cctx = NativeZstd.CreateCCtx();
        if (_cctx == 0) throw new OutOfMemoryException("ZSTD_createCCtx failed");
        NativeZstd.Check(NativeZstd.SetParameter(_cctx, NativeZstd.CompressionLevelParameter, level), "compression level");
        NativeZstd.Check(NativeZstd.SetParameter(_cctx, NativeZstd.ChecksumFlagParameter, 1), "checksum flag");
        _output = (byte*)NativeMemory.Alloc(OutputSize);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (byte* data = buffer)
        {
            var input = new NativeZstd.Buffer { Data = data, Size = (nuint)buffer.Length, Pos = 0 };
            while (input.Pos < input.Size)
                Drain(&input, NativeZstd.Continue);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

    // One compressStream2 call; whatever output it made goes to the inner stream. Returns what zstd has left to flush.
    private nuint Drain(NativeZstd.Buffer* input, int directive)
    {
        var output = new NativeZstd.Buffer { Data = _output, Size = OutputSize, Pos = 0 };
        var remaining = NativeZstd.Check(NativeZstd.CompressStream2(_cctx, &output, input, directive), "compression");
        if (output.Pos > 0) _inner.Write(new ReadOnlySpan<byte>(_output, (int)output.Pos));
        return remaining;
    }

    ~NativeZstdWriteStream()
    {
        Dispose(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (disposing)
            {
                var input = new NativeZstd.Buffer();
                while (Drain(&input, NativeZstd.End) != 0) { }
                _inner.Dispose();
            }
        }
        finally
        {
            NativeZstd.FreeCCtx(_cctx);
            NativeMemory.Free(_output);
            base.Dispose(disposing);
        }
    }

    public override void Flush() => _inner.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_disposed;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
