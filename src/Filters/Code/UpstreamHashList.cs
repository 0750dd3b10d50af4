using System.Security.Cryptography;
using System.Text;

namespace YuLanData.Filters.Code;

/// <summary>SHA-256 hashes of files of known upstream packages, read from a <c>sha256sum</c>-style list.</summary>
public sealed class UpstreamHashList
{
    private readonly HashSet<string> _hashes;

    private UpstreamHashList(HashSet<string> hashes) => _hashes = hashes;

    /// <summary>How many distinct hashes the list holds.</summary>
    public int Count => _hashes.Count;

    /// <summary>Reads <paramref name="path"/>: per line a 64-digit hex SHA-256, optionally followed by whitespace and a
    /// name; blank lines and lines starting with '#' are skipped.</summary>
    /// <param name="path">The list file.</param>
    /// <exception cref="FormatException">A line does not start with a SHA-256 (message names file and line).</exception>
    public static UpstreamHashList Load(string path)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty || line[0] == '#') continue;
            int end = line.IndexOfAny(' ', '\t');
            var hex = end < 0 ? line : line[..end];
            if (hex.Length != 64 || !IsHex(hex))
                throw new FormatException($"{path}:{lineNo}: expected a 64-digit hex SHA-256, got '{Shorten(line)}'");
            set.Add(hex.ToString().ToLowerInvariant());
        }
        return new UpstreamHashList(set);
    }

    /// <summary>True when the UTF-8 bytes of <paramref name="text"/> hash to a listed SHA-256.</summary>
    /// <param name="text">The file content.</param>
    public bool Contains(string text) => _hashes.Contains(Hash(text));

    /// <summary>The lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="text"/> (what <c>sha256sum</c> prints for the file).</summary>
    /// <param name="text">The file content.</param>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    private static string Shorten(ReadOnlySpan<char> s) => s.Length <= 80 ? s.ToString() : s[..80].ToString() + "…";
}
