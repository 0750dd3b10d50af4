using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Decompresses a zstd file frame by frame through the system libzstd. A frame written with a content checksum counts
/// as verified once libzstd has checked it at the frame's end; a frame without one is reported as unchecked. After a
/// corrupt or truncated frame it resumes at the next zstd frame magic number.
/// </summary>
internal sealed unsafe class ZstdFrameDecompressor : UnitDecompressor
{
    private const int InputSize = 1 << 17;
    private const uint FrameMagic = 0xFD2FB528;
    private const uint SkippableMagicMask = 0xFFFFFFF0, SkippableMagic = 0x184D2A50;

    private readonly Stream _raw;
    private readonly nint _dctx;
    private readonly byte* _input;
    private NativeZstd.Buffer _in;
    private long _inputOffset; // file offset of _input[0]
    private long _unitStart;
    private bool _unitHasChecksum;
    private bool _inputEnded;
    private bool _inUnit;
    private bool _finished;
    private bool _disposed;

    /// <param name="raw">The compressed file, positioned at its start; seekable for resynchronisation; disposed with this.</param>
    public ZstdFrameDecompressor(Stream raw)
    {
        _raw = raw;
        _dctx = NativeZstd.CreateDCtx();
        if (_dctx == 0)
            throw new OutOfMemoryException("ZSTD_createDCtx failed");
        _input = (byte*)NativeMemory.Alloc(InputSize);
        _in = new NativeZstd.Buffer { Data = _input, Size = 0, Pos = 0 };
    }

    public override string UnitName => "zstd frame";

    public override string CorruptKind => "corrupt_frame";

    private long Offset => _inputOffset + (long)_in.Pos;

    public override UnitStep Read(Span<byte> destination, out int produced)
    {
        produced = 0;
        if (_finished)
            return UnitStep.End;
        fixed (byte* data = destination)
        {
            while (true)
            {
                if (_in.Pos == _in.Size && !_inputEnded)
                    Fill(1);
                if (_in.Pos == _in.Size && _inputEnded)
                {
                    _finished = true;
                    if (!_inUnit)
                        return UnitStep.End;
                    Failure = new UnitFailure(_unitStart, Offset, "the file ends inside the frame (truncated)", Truncated: true);
                    return UnitStep.Corrupt;
                }
                if (!_inUnit)
                {
                    Fill(5);
                    _unitStart = Offset;
                    _inUnit = true;
                    _unitHasChecksum = true;
                    if (_in.Size - _in.Pos >= 5)
                    {
                        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_input + _in.Pos, 4));
                        if (magic == FrameMagic)
                            _unitHasChecksum = (_input[_in.Pos + 4] & 0x04) != 0; // Content_Checksum_flag of the frame header descriptor
                    }
                }
                var output = new NativeZstd.Buffer { Data = data, Size = (nuint)destination.Length, Pos = 0 };
                nuint rc;
                fixed (NativeZstd.Buffer* input = &_in)
                    rc = NativeZstd.DecompressStream(_dctx, &output, input);
                produced = (int)output.Pos;
                if (NativeZstd.IsErrorCode(rc))
                    return Fail(NativeZstd.ErrorName(rc));
                if (rc == 0)
                {
                    _inUnit = false;
                    return _unitHasChecksum ? UnitStep.Verified : UnitStep.Unchecked;
                }
                if (produced > 0)
                    return UnitStep.Data;
            }
        }
    }

    private UnitStep Fail(string reason)
    {
        long resume = FindNextHeader(_raw, _unitStart + 1, IsFrameHeader, 0x28, 4);
        _raw.Seek(resume, SeekOrigin.Begin);
        _inputOffset = resume;
        _in.Size = 0;
        _in.Pos = 0;
        _inputEnded = false;
        _inUnit = false;
        NativeZstd.ResetDCtx(_dctx, NativeZstd.ResetSessionOnly);
        Failure = new UnitFailure(_unitStart, resume, reason, Truncated: false);
        return UnitStep.Corrupt;
    }

    private static bool IsFrameHeader(ReadOnlySpan<byte> b)
    {
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(b);
        return magic == FrameMagic || (magic & SkippableMagicMask) == SkippableMagic;
    }

    /// <summary>Makes at least <paramref name="wanted"/> unread bytes available unless the input ends first.</summary>
    private void Fill(int wanted)
    {
        int unread = (int)(_in.Size - _in.Pos);
        if (unread >= wanted || _inputEnded)
            return;
        if (_in.Pos > 0)
        {
            Buffer.MemoryCopy(_input + _in.Pos, _input, InputSize, unread);
            _inputOffset += (long)_in.Pos;
            _in.Pos = 0;
            _in.Size = (nuint)unread;
        }
        while (unread < wanted)
        {
            int n = _raw.Read(new Span<byte>(_input + unread, InputSize - unread));
            if (n == 0)
            {
                _inputEnded = true;
                break;
            }
            unread += n;
            _in.Size = (nuint)unread;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            if (disposing)
                _raw.Dispose();
        }
        finally
        {
            NativeZstd.FreeDCtx(_dctx);
            NativeMemory.Free(_input);
        }
    }

    ~ZstdFrameDecompressor()
    {
        Dispose(false);
    }
}
