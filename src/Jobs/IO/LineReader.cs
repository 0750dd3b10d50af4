namespace YuLanData.Jobs.IO;

/// <summary>
/// Reads '\n'-terminated lines as bytes from a stream, holding at most one line (up to a byte limit) in memory.
/// A line over the limit is skipped to its end and reported as too long instead of being buffered.
/// </summary>
internal sealed class LineReader
{
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly long _stopAfter;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private long _position;

    /// <param name="stream">The (decompressed) input.</param>
    /// <param name="maxLineBytes">Longest line returned; longer lines are skipped.</param>
    /// <param name="startPosition">The byte offset of the stream's current position in the file.</param>
    /// <param name="stopAt">No line that starts at or after this offset is returned (-1: read to the end).</param>
    public LineReader(Stream stream, int maxLineBytes, long startPosition = 0, long stopAt = -1)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _position = startPosition;
        _stopAfter = stopAt < 0 ? long.MaxValue : stopAt;
        _buffer = new byte[Math.Min(1 << 20, Math.Max(4096, maxLineBytes + 1))];
    }

    /// <summary>Bytes of the file consumed so far by returned lines (including their newlines).</summary>
    public long Position => _position;

    /// <summary>Reads the next line without its '\n' (and without a trailing '\r').</summary>
    /// <param name="line">The line's bytes, valid until the next call.</param>
    /// <param name="skippedLength">For a line over the limit: its length in bytes (then <paramref name="line"/> is empty); else -1.</param>
    /// <returns>False at the end of input or of the byte range.</returns>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out long skippedLength)
    {
        line = default;
        skippedLength = -1;
        if (_position >= _stopAfter)
            return false;
        int scanFrom = _start;
        while (true)
        {
            int nl = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int lineEnd = scanFrom + nl;
                line = TrimCr(_buffer.AsSpan(_start, lineEnd - _start));
                _position += lineEnd + 1 - _start;
                _start = lineEnd + 1;
                return true;
            }
            if (_eof)
            {
                if (_end == _start)
                    return false;
                line = TrimCr(_buffer.AsSpan(_start, _end - _start));
                _position += _end - _start;
                _start = _end;
                return true;
            }
            if (_end - _start > _maxLineBytes)
            {
                skippedLength = SkipRestOfLine();
                return true;
            }
            scanFrom = _end;
            Fill();
            scanFrom -= _shifted;
        }
    }

    private int _shifted;

    private void Fill()
    {
        _shifted = 0;
        if (_start > 0)
        {
            _shifted = _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, (long)_maxLineBytes + 2));
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
            _eof = true;
        _end += n;
    }

    private long SkipRestOfLine()
    {
        long length = _end - _start;
        _start = _end = 0;
        while (true)
        {
            int n = _stream.Read(_buffer, 0, _buffer.Length);
            if (n == 0)
            {
                _eof = true;
                _position += length;
                return length;
            }
            int nl = _buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                length += nl;
                _position += length + 1;
                _start = nl + 1;
                _end = n;
                return length;
            }
            length += n;
        }
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
