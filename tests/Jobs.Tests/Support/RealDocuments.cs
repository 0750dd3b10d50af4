using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests;

/// <summary>Real web documents from ../shared/data/web, for tests that need realistic text.</summary>
public static class RealDocuments
{
    public static string WebFile(string name) => RepoPaths.SharedData("web", name);

    /// <summary>Reads up to <paramref name="max"/> documents of a shared web file.</summary>
    public static List<Document> Load(string name, int max = int.MaxValue) =>
        DocumentReader.ReadFile(WebFile(name)).Where(r => r.Document != null).Select(r => r.Document!).Take(max).ToList();

    /// <summary>Writes documents as plain JSONL lines ({"id","text","source","metadata"}).</summary>
    public static void WriteJsonl(string path, IEnumerable<Document> docs)
    {
        using var w = new JsonlDocumentWriter(path, FileFormats.FromPath(path)!.Value);
        foreach (var d in docs)
            w.Write(d);
    }
}
