using System.Text;

namespace YuLanData.Filters.Dedup;

/// <summary>
/// Canonical form of a URL for URL dedup: trimmed; scheme and host lowercased; default ports (http 80,
/// https 443) dropped; fragment dropped; query parameters sorted (ordinally, by the whole <c>key=value</c>
/// text, empty parameters dropped); a trailing slash of the path dropped; optionally a leading <c>www.</c>
/// of the host dropped. Path and query keep their case. A value without <c>scheme://</c> is treated as
/// <c>host/path</c> without a scheme.
/// </summary>
public static class UrlNormalizer
{
    /// <param name="url">The URL as found in the document.</param>
    /// <param name="stripWww">Treat <c>www.example.com</c> and <c>example.com</c> as the same host.</param>
    /// <returns>The canonical URL; empty for an empty input.</returns>
    public static string Normalize(string url, bool stripWww = false)
    {
        string s = url.Trim();
        int hash = s.IndexOf('#');
        if (hash >= 0)
            s = s[..hash];
        if (s.Length == 0)
            return "";
        string scheme = "";
        int sep = s.IndexOf("://", StringComparison.Ordinal);
        if (sep > 0 && s.AsSpan(0, sep).IndexOfAny('/', '?') < 0)
        {
            scheme = s[..sep].ToLowerInvariant();
            s = s[(sep + 3)..];
        }
        int pathStart = s.IndexOfAny(['/', '?']);
        string authority = pathStart < 0 ? s : s[..pathStart];
        string rest = pathStart < 0 ? "" : s[pathStart..];
        int question = rest.IndexOf('?');
        string path = question < 0 ? rest : rest[..question];
        string query = question < 0 ? "" : rest[(question + 1)..];

        string userInfo = "";
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            userInfo = authority[..(at + 1)];
            authority = authority[(at + 1)..];
        }
        string host = authority.ToLowerInvariant();
        int colon = host.LastIndexOf(':');
        if (colon >= 0 && host.IndexOf(']', colon) < 0)
        {
            string port = host[(colon + 1)..];
            if (port.Length == 0 || (scheme == "http" && port == "80") || (scheme == "https" && port == "443"))
                host = host[..colon];
        }
        if (host.EndsWith('.'))
            host = host.TrimEnd('.');
        if (stripWww && host.StartsWith("www.", StringComparison.Ordinal))
            host = host[4..];
        path = path.TrimEnd('/');

        var sb = new StringBuilder(url.Length);
        if (scheme.Length > 0)
            sb.Append(scheme).Append("://");
        sb.Append(userInfo).Append(host).Append(path);
        if (query.Length > 0)
        {
            var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries);
            Array.Sort(parameters, StringComparer.Ordinal);
            if (parameters.Length > 0)
                sb.Append('?').AppendJoin('&', parameters);
        }
        return sb.ToString();
    }
}
