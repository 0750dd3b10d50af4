using System.Text;

namespace YuLanData.Jobs.IO.Web;

/// <summary>The status line and headers of an HTTP response as a WARC <c>response</c> record stores it.</summary>
/// <param name="Status">The status code (200, 404, ...).</param>
/// <param name="Headers">Header fields in order; names as written (look them up case-insensitively with <see cref="Get"/>).</param>
/// <param name="BodyOffset">Where the body starts in the record block.</param>
internal sealed record HttpResponseHead(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, int BodyOffset)
{
    /// <summary>The most bytes a response head may take (status line and headers).</summary>
    public const int MaxHeadBytes = 64 * 1024;

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in Headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
                return value;
        return null;
    }

    /// <summary>Parses the head at the start of <paramref name="block"/>; null with <paramref name="error"/> when it is not a valid HTTP response head.</summary>
    public static HttpResponseHead? Parse(ReadOnlySpan<byte> block, out string? error)
    {
        error = null;
        int limit = Math.Min(block.Length, MaxHeadBytes);
        int pos = 0;
        var headers = new List<KeyValuePair<string, string>>();
        int status = -1;
        while (true)
        {
            int nl = block[pos..limit].IndexOf((byte)'\n');
            if (nl < 0)
            {
                error = block.Length > MaxHeadBytes
                    ? $"HTTP response head longer than {MaxHeadBytes} bytes"
                    : "HTTP response head ends before its blank line";
                return null;
            }
            var line = block.Slice(pos, nl);
            if (line.Length > 0 && line[^1] == (byte)'\r')
                line = line[..^1];
            pos += nl + 1;
            if (status < 0)
            {
                status = ParseStatusLine(line);
                if (status < 0)
                {
                    error = "not an HTTP status line: " + Printable(line);
                    return null;
                }
                continue;
            }
            if (line.IsEmpty)
                return new HttpResponseHead(status, headers, pos);
            if (line[0] is (byte)' ' or (byte)'\t')
                continue; // obsolete line folding: the continuation is not needed by anything read here
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
                continue; // a malformed header line is ignored, as browsers do
            headers.Add(new(Encoding.Latin1.GetString(line[..colon]).Trim(), Encoding.Latin1.GetString(line[(colon + 1)..]).Trim()));
        }
    }

    /// <summary>The status code of <c>HTTP/x.y NNN reason</c>, or -1.</summary>
    private static int ParseStatusLine(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("HTTP/"u8))
            return -1;
        int sp = line.IndexOf((byte)' ');
        if (sp < 0 || line.Length < sp + 4)
            return -1;
        int code = 0;
        for (int i = sp + 1; i < sp + 4; i++)
        {
            if (line[i] is < (byte)'0' or > (byte)'9')
                return -1;
            code = code * 10 + (line[i] - '0');
        }
        return line.Length == sp + 4 || line[sp + 4] == (byte)' ' ? code : -1;
    }

    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        var s = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 80)]);
        return new string(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
