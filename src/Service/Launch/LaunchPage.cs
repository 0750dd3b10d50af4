namespace YuLanData.Service.Launch;

/// <summary>The launch page (<c>/launch</c>): a YAML editor validated on the server, then submitted; runs retried, resubmitted or deleted.</summary>
internal static class LaunchPage
{
    private static readonly EmbeddedPage Page = new("YuLanData.Service.launch.html");

    public static string Html => Page.Html;

    public static string ContentSecurityPolicy => Page.ContentSecurityPolicy;
}
