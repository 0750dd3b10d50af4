using System.IO.Hashing;
using System.Text;
using YuLanData.Filters.Text;

namespace YuLanData.Filters.Dedup;

/// <summary>The 128-bit hashes dedup identifies documents and contents by (XXH3-128 of UTF-8).</summary>
public static class DedupKeys
{
    /// <summary>The hash of a document id, as stored in docs files and drop lists.</summary>
    public static UInt128 OfId(string id) => Hash(id);

    /// <summary>The exact-dedup key of a text: of the text as is, or of datatrove's simplified text.</summary>
    public static UInt128 OfText(string text, bool normalize) => Hash(normalize ? TextSimplifier.Simplify(text) : text);

    /// <summary>The URL-dedup key: of the URL's canonical form (<see cref="UrlNormalizer"/>); null for an empty URL.</summary>
    public static UInt128? OfUrl(string url, bool stripWww)
    {
        string canonical = UrlNormalizer.Normalize(url, stripWww);
        return canonical.Length == 0 ? null : Hash(canonical);
    }

    /// <summary>XXH3-128 of the UTF-8 bytes of <paramref name="value"/>.</summary>
    public static UInt128 Hash(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 1024)
        {
            Span<byte> buffer = stackalloc byte[max];
            int n = Encoding.UTF8.GetBytes(value, buffer);
            return XxHash128.HashToUInt128(buffer[..n]);
        }
        return XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(value));
    }
}
