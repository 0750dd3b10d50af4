namespace YuLanData.Testing;

/// <summary>Locates the repository root and the shared fixtures/data folder beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The <c>../shared</c> folder next to the repository (fixtures, real data).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

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
