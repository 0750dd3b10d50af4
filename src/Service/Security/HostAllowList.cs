using System.Net;

namespace YuLanData.Service.Security;

/// <summary>
/// The <c>Host</c> header values the service answers. A page whose name an attacker points at our address (DNS
/// rebinding) arrives with the attacker's name in <c>Host</c> and is refused; <c>localhost</c>, loopback IPs, the
/// bound IPs (any IP when bound to a wildcard) and the names of the bound URLs or configured names are served.
/// </summary>
public sealed class HostAllowList
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase) { "localhost" };
    private readonly HashSet<IPAddress> _boundIps = [];
    private readonly bool _anyIp;

    /// <param name="urls">The URLs the service listens on.</param>
    /// <param name="names">Further host names clients use (a reverse proxy's name, the machine's DNS name).</param>
    public HostAllowList(IEnumerable<string> urls, IEnumerable<string> names)
    {
        foreach (var url in urls)
        {
            string host = BindAddresses.HostOf(url).Trim('[', ']');
            if (host is "*" or "+" || IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
                _anyIp = true;
            else if (IPAddress.TryParse(host, out var bound))
                _boundIps.Add(bound);
            else
                _names.Add(host);
        }
        foreach (var name in names)
            _names.Add(name.Trim());
    }

    /// <summary>Whether a request with this <c>Host</c> header (host part, without the port) is served.</summary>
    /// <param name="host">The host as the client sent it; IPv6 addresses in brackets or not.</param>
    public bool Allows(string? host)
    {
        if (string.IsNullOrEmpty(host))
            return false;
        if (_names.Contains(host))
            return true;
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var ip) || !host.All(c => char.IsAsciiHexDigit(c) || c is '.' or ':' or '[' or ']'))
            return false;
        return IPAddress.IsLoopback(ip) || _anyIp || _boundIps.Contains(ip);
    }
}
