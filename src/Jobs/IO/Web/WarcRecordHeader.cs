using System.Globalization;

namespace YuLanData.Jobs.IO.Web;

/// <summary>The named fields of one WARC record header (version line excluded).</summary>
internal sealed class WarcRecordHeader
{
    /// <summary>The most header fields one record may have.</summary>
    public const int MaxFields = 256;

    /// <summary>The most bytes of one header line.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private readonly List<KeyValuePair<string, string>> _fields = [];

    /// <param name="version">The version line, e.g. <c>WARC/1.0</c>.</param>
    public WarcRecordHeader(string version) => Version = version;

    public string Version { get; }

    public int Count => _fields.Count;

    public void Add(string name, string value) => _fields.Add(new(name, value));

    /// <summary>The first value of field <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in _fields)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
                return value;
        return null;
    }

    /// <summary>WARC-Type in lower case, or null.</summary>
    public string? Type => Get("WARC-Type")?.ToLowerInvariant();

    /// <summary>Content-Length when present and a non-negative integer, else null.</summary>
    public long? ContentLength =>
        long.TryParse(Get("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>A WARC URI value without the angle brackets WARC 1.0 writers (wget) put around it.</summary>
    public static string? Unbracket(string? value) =>
        value is { Length: >= 2 } v && v[0] == '<' && v[^1] == '>' ? v[1..^1] : value;
}
