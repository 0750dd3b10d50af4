namespace YuLanData.Service.Http;

/// <summary>The dashboard page (plain HTML and script, embedded; nothing is fetched from elsewhere).</summary>
internal static class Dashboard
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(Dashboard).Assembly.GetManifestResourceStream("YuLanData.Service.dashboard.html")
            ?? throw new InvalidOperationException("dashboard.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
