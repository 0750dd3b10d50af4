using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Service.Http;

/// <summary>The dashboard page (plain HTML and script, embedded; nothing is fetched from elsewhere).</summary>
internal static class Dashboard
{
    public static string Html { get; } = Load();

    /// <summary>
    /// The page's Content-Security-Policy: its one inline script and style allowed by hash (so an injected one
    /// would not run), requests to this origin only, and no framing by any page (clickjacking).
    /// </summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; script-src '{Hash("script")}'; style-src '{Hash("style")}'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static string Hash(string element)
    {
        var match = Regex.Match(Html, $"<{element}>(.*?)</{element}>", RegexOptions.Singleline);
        if (!match.Success)
            throw new InvalidOperationException($"dashboard.html has no <{element}>");
        return "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups[1].Value)));
    }

    private static string Load()
    {
        using var stream = typeof(Dashboard).Assembly.GetManifestResourceStream("YuLanData.Service.dashboard.html")
            ?? throw new InvalidOperationException("dashboard.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
