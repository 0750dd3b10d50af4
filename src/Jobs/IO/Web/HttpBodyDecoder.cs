using System.Globalization;
using System.IO.Compression;

namespace YuLanData.Jobs.IO.Web;

/// <summary>
/// Undoes the transfer and content codings of an HTTP body as a crawler stored it: chunked transfer-encoding, then
/// gzip / deflate / br content-encoding, every output bounded (a compression bomb is refused, not expanded).
/// </summary>
internal static class HttpBodyDecoder
{
    /// <summary>Removes chunked transfer-encoding.</summary>
    /// <param name="body">The chunked body.</param>
    /// <param name="truncated">True when the body ended inside a chunk or before the last chunk (a crawler's truncated payload): what came before is returned.</param>
    /// <param name="error">Why the chunk framing is invalid, or null.</param>
    public static byte[]? Dechunk(ReadOnlySpan<byte> body, out bool truncated, out string? error)
    {
        truncated = false;
        error = null;
        var output = new MemoryStream(body.Length);
        int pos = 0;
        while (true)
        {
            int nl = body[pos..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                truncated = true;
                return output.ToArray();
            }
            var sizeLine = body.Slice(pos, nl);
            int semicolon = sizeLine.IndexOf((byte)';');
            if (semicolon >= 0)
                sizeLine = sizeLine[..semicolon];
            var text = System.Text.Encoding.ASCII.GetString(sizeLine).Trim();
            if (text.Length == 0 || text.Length > 8 || !int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int size) || size < 0)
            {
                error = $"bad chunk size line at body byte {pos}: '{HttpResponseHead.Printable(body.Slice(pos, nl))}'";
                return null;
            }
            pos += nl + 1;
            if (size == 0)
                return output.ToArray(); // trailers, if any, are not needed
            int available = Math.Min(size, body.Length - pos);
            output.Write(body.Slice(pos, available));
            if (available < size)
            {
                truncated = true;
                return output.ToArray();
            }
            pos += size;
            if (body[pos..].StartsWith("\r\n"u8))
                pos += 2;
            else if (body[pos..].StartsWith("\n"u8))
                pos += 1;
            else if (pos < body.Length)
            {
                error = $"chunk of {size} bytes not followed by a line end at body byte {pos}";
                return null;
            }
        }
    }

    /// <summary>
    /// Removes a content-encoding. A body labelled gzip that does not start with the gzip magic number is taken as
    /// already decoded (some crawlers store decoded payloads and keep the header).
    /// </summary>
    /// <param name="body">The body after transfer decoding.</param>
    /// <param name="coding">The Content-Encoding value (lower-case, trimmed), or null.</param>
    /// <param name="maxBytes">The most decoded bytes accepted.</param>
    /// <param name="error">Why decoding failed (unknown coding, corrupt data, too large), or null.</param>
    public static byte[]? Decode(byte[] body, string? coding, int maxBytes, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(coding) || coding is "identity" or "none")
            return body;
        Stream? decoder = coding switch
        {
            "gzip" or "x-gzip" => body.Length >= 2 && body[0] == 0x1f && body[1] == 0x8b ? new GZipStream(new MemoryStream(body), CompressionMode.Decompress) : null,
            "deflate" => body.Length >= 2 && (body[0] & 0x0f) == 8 && ((body[0] << 8) | body[1]) % 31 == 0
                ? new ZLibStream(new MemoryStream(body), CompressionMode.Decompress)
                : new DeflateStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => null,
        };
        if (decoder == null)
        {
            if (coding is "gzip" or "x-gzip")
                return body;
            error = $"unsupported content-encoding '{coding}'";
            return null;
        }
        using (decoder)
        {
            var output = new MemoryStream();
            var buffer = new byte[1 << 16];
            try
            {
                int n;
                while ((n = decoder.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (output.Length + n > maxBytes)
                    {
                        error = $"content-encoding '{coding}' expands beyond {maxBytes} bytes";
                        return null;
                    }
                    output.Write(buffer, 0, n);
                }
            }
            catch (InvalidDataException e)
            {
                error = $"content-encoding '{coding}' cannot be decoded: {e.Message}";
                return null;
            }
            return output.ToArray();
        }
    }
}
