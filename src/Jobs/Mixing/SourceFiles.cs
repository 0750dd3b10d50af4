using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Mixing;

/// <summary>Resolves a curriculum source path (folder, run folder or glob) to its document files in ordinal order.</summary>
public static class SourceFiles
{
    public static IReadOnlyList<string> Resolve(string path)
    {
        List<string> files;
        if (Directory.Exists(path))
        {
            string root = Directory.Exists(Path.Combine(path, "output")) ? Path.Combine(path, "output") : path;
            var runFolders = new RunFolderInputs();     // a synthesis folder, say: its parts, not its run.json and stats
            files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => FileFormats.FromPath(f) != null && !f.Replace('\\', '/').Contains("/.tmp/", StringComparison.Ordinal)
                    && runFolders.Check(f, root) == null)
                .Select(f => f.Replace('\\', '/'))
                .ToList();
            files.Sort(StringComparer.Ordinal);
        }
        else
            files = Glob.Expand(path).Where(f => FileFormats.FromPath(f) != null).ToList();
        if (files.Count == 0)
            throw new FileNotFoundException($"source '{path}' matches no document files ({FileFormats.SupportedList})");
        return files;
    }
}
