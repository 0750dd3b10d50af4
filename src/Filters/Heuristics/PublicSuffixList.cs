using System.Globalization;
using System.Net;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// The ICANN section of the Mozilla Public Suffix List, used to split a host into subdomain, registrable domain
/// and public suffix as <c>tldextract</c> does by default (private-domain rules are ignored; a host with no
/// matching rule has no suffix).
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>Where Debian's <c>publicsuffix</c> package installs the list.</summary>
    public const string SystemPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private readonly HashSet<string> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wildcards = new(StringComparer.Ordinal);   // "ck" for "*.ck"
    private readonly HashSet<string> _exceptions = new(StringComparer.Ordinal);  // "www.ck" for "!www.ck"

    /// <summary>Parses list text in the PSL format.</summary>
    /// <param name="lines">The lines of a public_suffix_list.dat file.</param>
    /// <param name="includePrivate">Also use the PRIVATE DOMAINS section (tldextract's default is false).</param>
    public PublicSuffixList(IEnumerable<string> lines, bool includePrivate = false)
    {
        var idn = new IdnMapping();
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.StartsWith("// ===END ICANN DOMAINS===", StringComparison.Ordinal) && !includePrivate) break;
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
            int space = line.IndexOfAny([' ', '\t']);
            if (space > 0) line = line[..space];
            line = line.ToLowerInvariant();
            foreach (string form in Forms(line, idn))
            {
                if (form.StartsWith('!')) _exceptions.Add(form[1..]);
                else if (form.StartsWith("*.", StringComparison.Ordinal)) _wildcards.Add(form[2..]);
                else _rules.Add(form);
            }
        }
    }

    private static IEnumerable<string> Forms(string rule, IdnMapping idn)
    {
        yield return rule;
        if (rule.Any(c => c > 0x7F))
        {
            string prefix = rule.StartsWith('!') ? "!" : rule.StartsWith("*.", StringComparison.Ordinal) ? "*." : "";
            string ascii;
            try { ascii = idn.GetAscii(rule[prefix.Length..]); }
            catch (ArgumentException) { yield break; }
            yield return prefix + ascii;
        }
    }

    /// <summary>Loads a list file.</summary>
    /// <param name="path">Path of a public_suffix_list.dat file.</param>
    public static PublicSuffixList Load(string path) => new(File.ReadLines(path));

    /// <summary>Splits <paramref name="host"/> (lowercased, no port) into its parts.</summary>
    /// <param name="host">A host name such as <c>forums.news.example.co.uk</c>.</param>
    /// <returns>(subdomain, domain, suffix); suffix is empty when no rule matches or the host is an IP address.</returns>
    public (string Subdomain, string Domain, string Suffix) Split(string host)
    {
        host = host.TrimEnd('.');
        if (host.Length == 0) return ("", "", "");
        if (IPAddress.TryParse(host.Trim('[', ']'), out _)) return ("", host, "");
        string[] labels = host.Split('.');
        int suffixStart = labels.Length; // index of the first suffix label
        for (int i = 0; i < labels.Length; i++)
        {
            string candidate = string.Join('.', labels, i, labels.Length - i);
            if (_exceptions.Contains(candidate)) { suffixStart = i + 1; break; }
            if (_rules.Contains(candidate)) { suffixStart = i; break; }
            if (i + 1 < labels.Length && _wildcards.Contains(string.Join('.', labels, i + 1, labels.Length - i - 1))) { suffixStart = i; break; }
        }
        string suffix = string.Join('.', labels, suffixStart, labels.Length - suffixStart);
        if (suffixStart == 0) return ("", "", suffix);
        string domain = labels[suffixStart - 1];
        string sub = string.Join('.', labels, 0, suffixStart - 1);
        return (sub, domain, suffix);
    }
}
