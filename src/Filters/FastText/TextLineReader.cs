using System.Text;

namespace YuLanData.Filters.FastText;

/// <summary>
/// Splits a text stream into lines on '\n' only (a '\r' stays in the line, where fastText treats it as a
/// token separator), reporting whether each line ended with a newline, and encodes each line as UTF-8.
/// </summary>
internal sealed class TextLineReader(TextReader reader)
{
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _line = new();
    private int _pos;
    private int _len;
    private byte[] _utf8 = new byte[4096];

    /// <summary>Reads the next line.</summary>
    /// <param name="utf8">The line's UTF-8 bytes, without the newline (valid until the next call).</param>
    /// <param name="hadNewline">True when the line ended with '\n' (false for a last line at end of input).</param>
    /// <returns>False at end of input (nothing left, not even an unterminated line).</returns>
    public bool Next(out ReadOnlySpan<byte> utf8, out bool hadNewline)
    {
        _line.Clear();
        while (true)
        {
            if (_pos == _len)
            {
                _len = reader.Read(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_len == 0)
                {
                    hadNewline = false;
                    if (_line.Length == 0)
                    {
                        utf8 = default;
                        return false;
                    }
                    utf8 = Encode();
                    return true;
                }
            }
            int nl = Array.IndexOf(_buffer, '\n', _pos, _len - _pos);
            if (nl < 0)
            {
                _line.Append(_buffer, _pos, _len - _pos);
                _pos = _len;
                continue;
            }
            _line.Append(_buffer, _pos, nl - _pos);
            _pos = nl + 1;
            hadNewline = true;
            utf8 = Encode();
            return true;
        }
    }

    private ReadOnlySpan<byte> Encode()
    {
        int max = Encoding.UTF8.GetMaxByteCount(_line.Length);
        if (_utf8.Length < max)
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        int n = Encoding.UTF8.GetBytes(_line.ToString(), _utf8);
        return _utf8.AsSpan(0, n);
    }
}
