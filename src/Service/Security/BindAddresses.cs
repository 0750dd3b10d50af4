using System.Net;

namespace YuLanData.Service.Security;

/// <summary>Decides whether the URLs a service listens on are all loopback.</summary>
public static class BindAddresses
{
    /// <summary>True when every URL's host is <c>localhost</c> or a loopback IP; wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) are not.</summary>
    /// <exception cref="ArgumentException">A URL is not an absolute http or https URL.</exception>
    public static bool AllLoopback(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            string host = HostOf(url);
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!IPAddress.TryParse(host.Trim('[', ']'), out var ip) || !IPAddress.IsLoopback(ip))
                return false;
        }
        return true;
    }

    /// <summary>Whether a URL asks for TLS.</summary>
    public static bool IsHttps(string url) => url.TrimStart().StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The host part of a listen URL (wildcards and IPv6 brackets kept).</summary>
    internal static string HostOf(string url)
    {
        // Kestrel accepts wildcard hosts that Uri does not parse.
        string u = url.Trim();
        int scheme = u.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || !(u[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase) || u[..scheme].Equals("https", StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"'{url}' is not an http:// or https:// URL");
        string rest = u[(scheme + 3)..];
        int end = rest.IndexOf('/');
        string hostPort = end < 0 ? rest : rest[..end];
        if (hostPort.StartsWith('['))
            return hostPort[..(hostPort.IndexOf(']') + 1)];
        int colon = hostPort.LastIndexOf(':');
        return colon < 0 ? hostPort : hostPort[..colon];
    }
}
