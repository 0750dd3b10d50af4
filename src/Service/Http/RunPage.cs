using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Service.Http;

/// <summary>
/// The run page at <c>/runs/{id}</c> (plain HTML and script, embedded; nothing fetched from elsewhere): timeline,
/// progress, per-task table and logs, drop reasons with a chart, and dropped documents. The page holds no run data;
/// its script reads the API and writes every value as text.
/// </summary>
internal static class RunPage
{
    public static string Html { get; } = Load();

    /// <summary>Only the page's own inline script and style (by hash) run; requests go to this origin only; no framing.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; script-src '{Hash("script")}'; style-src '{Hash("style")}'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static string Hash(string element)
    {
        var match = Regex.Match(Html, $"<{element}>(.*?)</{element}>", RegexOptions.Singleline);
        if (!match.Success)
            throw new InvalidOperationException($"run.html has no <{element}>");
        return "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups[1].Value)));
    }

    private static string Load()
    {
        using var stream = typeof(RunPage).Assembly.GetManifestResourceStream("YuLanData.Service.run.html")
            ?? throw new InvalidOperationException("run.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
