using System.Text.Json.Nodes;

namespace YuLanData.Filters.Code;

/// <summary>Where a source document came from: its file path and repository, read from metadata.</summary>
public static class CodeDocumentPath
{
    private static readonly string[] PathKeys = ["path", "file_path", "filename", "max_stars_repo_path"];
    private static readonly string[] RepoKeys = ["repo", "repo_name", "repository", "max_stars_repo_name"];

    /// <summary>The file path (metadata <c>path</c>, <c>file_path</c>, <c>filename</c> or <c>max_stars_repo_path</c>), or null.</summary>
    /// <param name="metadata">The document metadata.</param>
    public static string? PathOf(JsonObject metadata) => FirstString(metadata, PathKeys);

    /// <summary>The repository as "owner/name" (metadata <c>repo</c>, <c>repo_name</c>, <c>repository</c> or
    /// <c>max_stars_repo_name</c>), or null.</summary>
    /// <param name="metadata">The document metadata.</param>
    public static string? RepoOf(JsonObject metadata) => FirstString(metadata, RepoKeys);

    private static string? FirstString(JsonObject metadata, string[] keys)
    {
        foreach (string key in keys)
            if (metadata[key] is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrEmpty(s))
                return s;
        return null;
    }

    /// <summary>The directory segments of <paramref name="path"/> (not the file name), split on '/' and '\'.</summary>
    /// <param name="path">A relative or absolute file path.</param>
    public static IEnumerable<string> Directories(string path)
    {
        var parts = path.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length - 1; i++) yield return parts[i];
    }
}
