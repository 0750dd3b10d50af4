namespace YuLanData.Testing;

/// <summary>Locates the repository root and the shared fixtures/data folder beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The shared fixtures and real data: <c>$YULANDATA_SHARED</c> if set, else <c>../shared</c> next to the
    /// repository, else <c>/work/shared</c> (where a clone elsewhere on a developer machine finds it).
    /// </summary>
    public static string Shared { get; } = FindShared();

    private static string FindShared()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("YULANDATA_SHARED");
        string[] candidates = [fromEnv ?? "", Path.GetFullPath(Path.Combine(Root, "..", "shared")), "/work/shared"];
        return candidates.FirstOrDefault(c => c.Length > 0 && Directory.Exists(Path.Combine(c, "data")))
            ?? throw new DirectoryNotFoundException("shared data not found: set YULANDATA_SHARED or put it at ../shared");
    }

    public static string SharedData(params string[] parts) => Path.Combine([Shared, "data", .. parts]);

    public static string SharedFixture(params string[] parts) => Path.Combine([Shared, "fixtures", .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "YuLanData.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("YuLanData.sln not found above " + AppContext.BaseDirectory);
    }
}
