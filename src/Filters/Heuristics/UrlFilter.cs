using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// Filters documents by their metadata <c>url</c> (datatrove <c>URLFilter</c>), in this order: registrable domain
/// blocked (<c>domain</c>), full host blocked (<c>subdomain</c>), URL blocked (<c>url</c>), a banned word among the
/// URL's alphanumeric runs (<c>hard_blacklisted</c>), at least <c>soft_word_threshold</c> soft-banned words
/// (<c>soft_blacklisted</c>), a banned subword in the URL stripped to lowercase alphanumerics
/// (<c>blacklisted_subword</c>). Hosts are split with the Public Suffix List as tldextract does.
/// </summary>
/// <remarks>Differences from datatrove: no integrated lists ship (pass lists or files); empty list entries are
/// ignored; hosts are lowercased before matching.</remarks>
[Stage("url_filter", "Block documents by URL: domain/URL block lists, banned words and subwords, soft-word threshold")]
public sealed class UrlFilter : ScoringFilter<string>
{
    private readonly UrlFilterOptions _o;
    private readonly HashSet<string> _domains;
    private readonly HashSet<string> _urls;
    private readonly HashSet<string> _banned;
    private readonly HashSet<string> _soft;
    private readonly SearchValues<string>? _subwords;
    private readonly PublicSuffixList _psl;

    /// <summary>Creates the filter (reads the list files once).</summary>
    /// <param name="options">Lists and thresholds; see <see cref="UrlFilterOptions"/>.</param>
    public UrlFilter(UrlFilterOptions options) : base(options)
    {
        options.Validate();
        _o = options;
        _domains = Entries(options.ExtraDomains, options.DomainsFile, normalize: false);
        _urls = Entries(options.ExtraUrls, options.UrlsFile, normalize: false);
        _banned = Entries(options.BannedWords, options.BannedWordsFile, normalize: true);
        _soft = Entries(options.SoftBannedWords, options.SoftBannedWordsFile, normalize: true);
        var sub = Entries(options.BannedSubwords, options.BannedSubwordsFile, normalize: true);
        _subwords = sub.Count == 0 ? null : SearchValues.Create(sub.ToArray(), StringComparison.Ordinal);
        _psl = PublicSuffixList.Load(options.PublicSuffixListFile ?? PublicSuffixList.SystemPath);
    }

    private static HashSet<string> Entries(IEnumerable<string> inline, string? file, bool normalize)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string> all = file is null ? inline : inline.Concat(File.ReadLines(file));
        foreach (string x in all)
        {
            if (x.Length == 0 || x[0] == '#') continue;
            string v = normalize ? Normalize(x) : x.Trim();
            if (v.Length > 0) set.Add(v);
        }
        return set;
    }

    /// <summary>datatrove's <c>normalize</c>: drop every run of non-[a-zA-Z0-9] characters, then lowercase.</summary>
    public static string Normalize(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>The host of <paramref name="url"/> as tldextract reads it: after an optional scheme and "//", before
    /// the first '/', '?' or '#', without user info and port, lowercased.</summary>
    public static string Host(string url)
    {
        var s = url.AsSpan().Trim();
        int scheme = s.IndexOf("//");
        if (scheme >= 0 && s[..scheme].TrimEnd(':').ToString().All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            s = s[(scheme + 2)..];
        int end = s.IndexOfAny('/', '?', '#');
        if (end >= 0) s = s[..end];
        int at = s.LastIndexOf('@');
        if (at >= 0) s = s[(at + 1)..];
        if (s.StartsWith("["))
        {
            int close = s.IndexOf(']');
            return (close > 0 ? s[..(close + 1)] : s).ToString().ToLowerInvariant();
        }
        int colon = s.LastIndexOf(':');
        if (colon >= 0) s = s[..colon];
        return s.ToString().TrimStart('.').ToLowerInvariant();
    }

    /// <summary>The document's URL (its metadata <c>url</c>).</summary>
    /// <exception cref="InvalidDataException">The document has no URL.</exception>
    public override string Score(in FilterInput input, bool complete) =>
        input.Metadata["url"] is JsonValue v && v.TryGetValue(out string? url) && !string.IsNullOrEmpty(url)
            ? url
            : throw new InvalidDataException($"url_filter: document '{input.Id}' has no 'url' in its metadata");

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in string scores) =>
        Decide(scores) is { } reason ? FilterOutcome.Drop(reason) : FilterOutcome.Kept;

    /// <inheritdoc />
    public override JsonObject ScoreFields(in FilterInput input, in string scores) => new() { ["host"] = Host(scores) };

    /// <summary>The reason <paramref name="url"/> is blocked for, or null.</summary>
    /// <param name="url">The document URL.</param>
    public string? Decide(string url)
    {
        var (sub, domain, suffix) = _psl.Split(Host(url));
        string registered = domain.Length > 0 && suffix.Length > 0 ? domain + "." + suffix : "";
        string fqdn = domain.Length > 0 && suffix.Length > 0 ? string.Join('.', new[] { sub, domain, suffix }.Where(p => p.Length > 0)) : "";
        if (registered.Length > 0 && _domains.Contains(registered)) return "domain";
        if (fqdn.Length > 0 && _domains.Contains(fqdn)) return "subdomain";
        if (_urls.Contains(url)) return "url";
        if (_banned.Count > 0 || _soft.Count > 0)
        {
            var words = UrlWords(url);
            if (_banned.Overlaps(words)) return "hard_blacklisted";
            int soft = 0;
            foreach (string w in _soft)
                if (words.Contains(w)) soft++;
            if (_soft.Count > 0 && soft >= _o.SoftWordThreshold) return "soft_blacklisted";
        }
        if (_subwords is not null && Normalize(url).AsSpan().IndexOfAny(_subwords) >= 0) return "blacklisted_subword";
        return null;
    }

    // set(re.split("[^a-zA-Z0-9]+", url)) — case kept, empty pieces at the ends included
    private static HashSet<string> UrlWords(string url)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        while (true)
        {
            int start = i;
            while (i < url.Length && char.IsAsciiLetterOrDigit(url[i])) i++;
            set.Add(url[start..i]);
            if (i >= url.Length) break;
            while (i < url.Length && !char.IsAsciiLetterOrDigit(url[i])) i++;
            if (i >= url.Length) { set.Add(""); break; }
        }
        return set;
    }
}
