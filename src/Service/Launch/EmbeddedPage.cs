using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Service.Launch;

/// <summary>
/// An HTML page embedded in the service with one inline script and one inline style, and the Content-Security-Policy
/// that allows exactly those (by hash), requests to this origin only, and no framing.
/// </summary>
internal sealed class EmbeddedPage
{
    /// <param name="resource">The manifest resource name of the page.</param>
    public EmbeddedPage(string resource)
    {
        using var stream = typeof(EmbeddedPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        using var reader = new StreamReader(stream);
        Html = reader.ReadToEnd();
        ContentSecurityPolicy = $"default-src 'none'; script-src '{Hash("script")}'; style-src '{Hash("style")}'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    public string Html { get; }

    public string ContentSecurityPolicy { get; }

    private string Hash(string element)
    {
        var match = Regex.Match(Html, $"<{element}>(.*?)</{element}>", RegexOptions.Singleline);
        if (!match.Success)
            throw new InvalidOperationException($"page has no <{element}>");
        return "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups[1].Value)));
    }
}
