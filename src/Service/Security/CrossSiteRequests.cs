using Microsoft.AspNetCore.Http;

namespace YuLanData.Service.Security;

/// <summary>
/// Refuses requests a browser makes on behalf of another site, from the headers browsers set and pages cannot
/// forge: <c>Sec-Fetch-Site</c> and <c>Origin</c>. An origin is scheme, host and port, so a page on another port
/// of the same host is another origin here (cookies and SameSite do not tell ports apart).
/// </summary>
/// <param name="allowedOrigins">Origins besides the service's own (such as a TLS proxy's public address) whose pages may change state.</param>
public sealed class CrossSiteRequests(IReadOnlyCollection<string> allowedOrigins)
{
    private readonly Uri[] _allowed = allowedOrigins.Select(o => new Uri(o, UriKind.Absolute)).ToArray();

    /// <summary>Methods that change nothing; everything else must come from our own origin.</summary>
    public static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>Why the request is refused, or null when it may go on.</summary>
    /// <param name="request">The request; its <c>Host</c> has already been checked.</param>
    public string? Refusal(HttpRequest request)
    {
        string? site = request.Headers["Sec-Fetch-Site"].FirstOrDefault();
        if (IsSafe(request.Method))
        {
            // Reads from another site are refused unless they are top-level navigations (a link to the dashboard).
            if (site is "cross-site" or "same-site" && request.Headers["Sec-Fetch-Mode"].FirstOrDefault() != "navigate")
                return $"a {site} {request.Method} that is not a navigation is refused";
            return null;
        }
        if (site != null && site != "same-origin")
            return $"a {site} {request.Method} is refused (Sec-Fetch-Site: {site})";
        if (request.Headers.Origin.Count > 0)
        {
            string origin = request.Headers.Origin.ToString();
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var from) || !(SameOrigin(from, Own(request)) || _allowed.Any(a => SameOrigin(from, a))))
                return $"a {request.Method} from origin '{origin}' is refused: only this service's own pages may change state";
        }
        return null;
    }

    private static Uri Own(HttpRequest request) => new($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute);

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port
        && a.AbsolutePath == "/" && a.Query.Length == 0;
}
