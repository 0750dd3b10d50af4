using System.IO.Compression;
using System.Text.Json.Nodes;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests;

/// <summary>Reads JSONL(.gz) records from /work/shared/data for tests.</summary>
internal static class SharedDocs
{
    public static IEnumerable<JsonObject> Records(string relativePath, int max = int.MaxValue)
    {
        string path = RepoPaths.SharedData(relativePath.Split('/'));
        Stream s = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal)) s = new GZipStream(s, CompressionMode.Decompress);
        using var r = new StreamReader(s);
        int n = 0;
        string? line;
        while (n < max && (line = r.ReadLine()) != null)
        {
            n++;
            yield return JsonNode.Parse(line)!.AsObject();
        }
    }

    public static List<string> Texts(string relativePath, int max = int.MaxValue) =>
        Records(relativePath, max).Select(o => o["text"]!.GetValue<string>()).ToList();

    public static FilterInput Input(string text, string id = "doc") => new(text, id, new JsonObject());
}
