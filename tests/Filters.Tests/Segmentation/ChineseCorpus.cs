using System.IO.Compression;
using System.Text.Json.Nodes;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.Segmentation;

/// <summary>Real Chinese text for the segmentation and filter tests: the 1,104 Chinese Wikipedia paragraphs of
/// CMRC 2018 (<c>data/zh</c>, CC BY-SA 4.0), the 1,000 Leipzig web sentences of lingua-py's Chinese test set and the
/// Chinese UDHR translations (both in the shared data).</summary>
internal static class ChineseCorpus
{
    public static List<string> WikiParagraphs() => Read(Path.Combine(RepoPaths.Root, "data", "zh", "cmrc2018_wiki_paragraphs.jsonl.gz"));

    public static List<string> WebSentences() =>
        Read(RepoPaths.SharedData("web", "lingua_sentences_75langs.jsonl.gz"), o => (string?)o["lang"] == "zh");

    public static List<string> Udhr() =>
        Read(RepoPaths.SharedData("web", "nltk_udhr2_multilingual.jsonl.gz"), o => ((string?)o["lang"])?.StartsWith("cmn", StringComparison.Ordinal) == true);

    /// <summary>Web-like documents: the web sentences joined <paramref name="perDoc"/> at a time, one per line.</summary>
    public static List<string> WebDocuments(int perDoc = 8)
    {
        var s = WebSentences();
        var docs = new List<string>();
        for (int i = 0; i + perDoc <= s.Count; i += perDoc) docs.Add(string.Join("\n", s.Skip(i).Take(perDoc)));
        return docs;
    }

    private static List<string> Read(string path, Func<JsonObject, bool>? keep = null)
    {
        Stream s = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal)) s = new GZipStream(s, CompressionMode.Decompress);
        using var r = new StreamReader(s);
        var list = new List<string>();
        string? line;
        while ((line = r.ReadLine()) != null)
        {
            var o = JsonNode.Parse(line)!.AsObject();
            if (keep is null || keep(o)) list.Add((string)o["text"]!);
        }
        return list;
    }
}
