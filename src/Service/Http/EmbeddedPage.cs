using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace YuLanData.Service.Http;

/// <summary>
/// An HTML page embedded in the service (plain HTML and script; nothing fetched from elsewhere) with one inline script
/// and one inline style, served with the Content-Security-Policy that allows exactly those (by hash, so an injected
/// one would not run), requests to this origin only, and no framing by any page (clickjacking).
/// </summary>
internal sealed class EmbeddedPage
{
    /// <summary>The dashboard (<c>/</c>): runs, submit, details.</summary>
    public static EmbeddedPage Dashboard { get; } = new("YuLanData.Service.dashboard.html");

    /// <summary>
    /// The run page (<c>/runs/{id}</c>): timeline, progress, per-task table and logs, drop reasons with a chart, and
    /// dropped documents. It holds no run data; its script reads the API and writes every value as text.
    /// </summary>
    public static EmbeddedPage Run { get; } = new("YuLanData.Service.run.html");

    /// <summary>The launch page (<c>/launch</c>): a YAML editor validated on the server, then submitted; runs retried, resubmitted or deleted.</summary>
    public static EmbeddedPage Launch { get; } = new("YuLanData.Service.launch.html");

    /// <param name="resource">The manifest resource name of the page.</param>
    private EmbeddedPage(string resource)
    {
        using var stream = typeof(EmbeddedPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        using var reader = new StreamReader(stream);
        Html = reader.ReadToEnd();
        ContentSecurityPolicy = $"default-src 'none'; script-src '{Hash(resource, "script")}'; style-src '{Hash(resource, "style")}'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /// <summary>The page's text.</summary>
    public string Html { get; }

    /// <summary>The page's Content-Security-Policy.</summary>
    public string ContentSecurityPolicy { get; }

    /// <summary>The page as a response, with its Content-Security-Policy.</summary>
    public IResult Result() => new HeaderResult(Results.Content(Html, "text/html; charset=utf-8"), "Content-Security-Policy", ContentSecurityPolicy);

    private string Hash(string resource, string element)
    {
        var match = Regex.Match(Html, $"<{element}>(.*?)</{element}>", RegexOptions.Singleline);
        if (!match.Success)
            throw new InvalidOperationException($"{resource} has no <{element}>");
        return "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups[1].Value)));
    }
}
