using System.Runtime.InteropServices;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Decompresses a gzip file member by member through the system zlib; a member counts as verified once its trailer
/// (CRC-32 and ISIZE) matched. After a corrupt or truncated member it resumes at the next gzip member header.
/// </summary>
internal sealed unsafe class GzipMemberDecompressor : UnitDecompressor
{
    private const int InputSize = 1 << 16;

    private readonly Stream _raw;
    private readonly Zlib.ZStream* _z;
    private readonly byte* _input;
    private long _inputOffset;  // file offset of _input[0]
    private int _filled;        // bytes in _input
    private long _unitStart;
    private bool _inputEnded;
    private bool _inUnit;
    private bool _finished;
    private bool _disposed;

    /// <param name="raw">The compressed file, positioned at its start; seekable for resynchronisation; disposed with this.</param>
    public GzipMemberDecompressor(Stream raw)
    {
        _raw = raw;
        _z = Zlib.NewGzipInflater();
        _input = (byte*)NativeMemory.Alloc(InputSize);
    }

    public override string UnitName => "gzip member";

    public override string CorruptKind => "corrupt_member";

    private long Offset => _inputOffset + (_z->NextIn - _input);

    public override UnitStep Read(Span<byte> destination, out int produced)
    {
        produced = 0;
        if (_finished)
            return UnitStep.End;
        fixed (byte* output = destination)
        {
            while (true)
            {
                if (_z->AvailIn == 0 && !_inputEnded)
                    Refill();
                if (_z->AvailIn == 0 && _inputEnded)
                {
                    _finished = true;
                    if (!_inUnit)
                        return UnitStep.End;
                    Failure = new UnitFailure(_unitStart, Offset, "the file ends inside the member (truncated)", Truncated: true);
                    return UnitStep.Corrupt;
                }
                if (!_inUnit)
                {
                    _unitStart = Offset;
                    _inUnit = true;
                }
                _z->NextOut = output;
                _z->AvailOut = (uint)destination.Length;
                uint availBefore = _z->AvailIn;
                int rc = Zlib.Inflate(_z, Zlib.NoFlush);
                produced = destination.Length - (int)_z->AvailOut;
                if (rc == Zlib.StreamEnd)
                {
                    _inUnit = false;
                    Zlib.InflateReset(_z);
                    return UnitStep.Verified;
                }
                if (rc != Zlib.Ok && !(rc == Zlib.BufError && (produced > 0 || availBefore == 0)))
                    return Fail(Zlib.ErrorMessage(_z, rc));
                if (produced > 0)
                    return UnitStep.Data;
            }
        }
    }

    private UnitStep Fail(string reason)
    {
        long resume = _raw.CanSeek
            ? FindNextHeader(_raw, _unitStart + 1, IsMemberHeader, 0x1f, 4)
            : long.MaxValue;
        if (resume == long.MaxValue)
        {
            _finished = true;
            resume = Offset;
        }
        else
        {
            _raw.Seek(resume, SeekOrigin.Begin);
            _inputOffset = resume;
            _filled = 0;
            _z->NextIn = _input;
            _z->AvailIn = 0;
            _inputEnded = false;
        }
        Failure = new UnitFailure(_unitStart, resume, reason, Truncated: false);
        _inUnit = false;
        Zlib.InflateReset(_z);
        return UnitStep.Corrupt;
    }

    /// <summary>ID1 ID2, CM = deflate, and no reserved flag bits.</summary>
    private static bool IsMemberHeader(ReadOnlySpan<byte> b) => b[0] == 0x1f && b[1] == 0x8b && b[2] == 8 && (b[3] & 0xe0) == 0;

    private void Refill()
    {
        _inputOffset += _filled;
        int n = _raw.Read(new Span<byte>(_input, InputSize));
        _filled = n;
        if (n == 0)
            _inputEnded = true;
        _z->NextIn = _input;
        _z->AvailIn = (uint)n;
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        Zlib.FreeInflater(_z);
        NativeMemory.Free(_input);
        if (disposing)
            _raw.Dispose();
    }

    ~GzipMemberDecompressor()
    {
        Dispose(false);
    }
}
