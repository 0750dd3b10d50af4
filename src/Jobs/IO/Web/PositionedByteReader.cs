namespace YuLanData.Jobs.IO.Web;

/// <summary>
/// A buffered forward reader over a stream that knows its position (bytes consumed so far): reads CRLF- or LF-ended
/// lines with a length limit, exact byte counts and skips, without ever holding more than one buffer plus what the
/// caller asks for.
/// </summary>
internal sealed class PositionedByteReader : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _pos;
    private int _len;
    private long _bufferStart;
    private bool _ended;

    /// <param name="stream">The stream to read; disposed with this reader.</param>
    public PositionedByteReader(Stream stream) => _stream = stream;

    /// <summary>Bytes consumed so far.</summary>
    public long Position => _bufferStart + _pos;

    private bool Fill()
    {
        if (_pos < _len)
            return true;
        if (_ended)
            return false;
        _bufferStart += _len;
        _pos = 0;
        _len = _stream.Read(_buffer, 0, _buffer.Length);
        if (_len == 0)
            _ended = true;
        return _len > 0;
    }

    /// <summary>True when no byte is left.</summary>
    public bool AtEnd => !Fill();

    /// <summary>
    /// Reads one line, without its line end (LF or CRLF). A line longer than <paramref name="maxBytes"/> is consumed
    /// to its end but only its first <paramref name="maxBytes"/> bytes are kept.
    /// </summary>
    /// <param name="line">Receives the line's bytes; grown as needed, up to <paramref name="maxBytes"/>.</param>
    /// <param name="length">How many bytes of <paramref name="line"/> hold the line.</param>
    /// <param name="maxBytes">The most bytes kept.</param>
    /// <param name="tooLong">True when the line was longer than <paramref name="maxBytes"/>.</param>
    /// <param name="complete">False when the stream ended before a line end.</param>
    /// <returns>False at the end of the stream with nothing read.</returns>
    public bool TryReadLine(ref byte[] line, out int length, int maxBytes, out bool tooLong, out bool complete)
    {
        length = 0;
        tooLong = false;
        complete = false;
        bool any = false;
        while (Fill())
        {
            any = true;
            var span = _buffer.AsSpan(_pos, _len - _pos);
            int nl = span.IndexOf((byte)'\n');
            int take = nl >= 0 ? nl : span.Length;
            int keep = Math.Min(take, maxBytes - length);
            if (keep < take)
                tooLong = true;
            if (length + keep > line.Length)
                Array.Resize(ref line, Math.Min(maxBytes, Math.Max(line.Length * 2, length + keep)));
            span[..keep].CopyTo(line.AsSpan(length));
            length += keep;
            _pos += nl >= 0 ? nl + 1 : take;
            if (nl >= 0)
            {
                if (length > 0 && line[length - 1] == (byte)'\r' && !tooLong)
                    length--;
                complete = true;
                return true;
            }
        }
        return any;
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length; fewer only at the end of the stream.</summary>
    public int ReadExactly(Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length && Fill())
        {
            int n = Math.Min(destination.Length - done, _len - _pos);
            _buffer.AsSpan(_pos, n).CopyTo(destination[done..]);
            _pos += n;
            done += n;
        }
        return done;
    }

    /// <summary>Skips up to <paramref name="count"/> bytes; returns how many were skipped (fewer only at the end).</summary>
    public long Skip(long count)
    {
        long done = 0;
        while (done < count && Fill())
        {
            int n = (int)Math.Min(count - done, _len - _pos);
            _pos += n;
            done += n;
        }
        return done;
    }

    public void Dispose() => _stream.Dispose();
}
