using System.Text.Json.Nodes;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary>Test corpora built from real BBC news documents, with planted near-duplicates.</summary>
public static class DedupCorpus
{
    private static readonly Lazy<List<Document>> Bbc = new(() => RealDocuments.Load("bbc_news_2225.jsonl.gz"));

    /// <summary>The BBC documents with exact-duplicate texts removed (first copy kept), in file order.</summary>
    public static List<Document> UniqueBbc() => Bbc.Value.DistinctBy(d => d.Text).ToList();

    /// <summary>A small edit of a real document: changes two words and, in long documents, drops the second
    /// paragraph's first sentence (word 5-gram Jaccard to the original stays above ~0.85).</summary>
    public static string Edit(string text, int seed)
    {
        var words = text.Split(' ');
        var random = new Random(seed);
        for (int k = 0; k < 2; k++)
        {
            int i = random.Next(words.Length);
            words[i] = words[i].Length > 3 ? words[i][..^1] + "x" : "word";
        }
        string edited = string.Join(' ', words);
        int p = edited.IndexOf("\n\n", StringComparison.Ordinal);
        int dot = p < 0 ? -1 : edited.IndexOf(". ", p, StringComparison.Ordinal);
        if (edited.Length > 2500 && dot > p && dot - p < 250)
            edited = edited[..(p + 2)] + edited[(dot + 2)..];
        return edited;
    }

    /// <summary>Writes documents as JSONL with top-level id, text and any extra fields.</summary>
    public static void Write(string path, IEnumerable<(string Id, string Text)> docs, Func<int, JsonObject?>? extra = null)
    {
        using var w = new StreamWriter(path);
        int i = 0;
        foreach (var (id, text) in docs)
        {
            var o = new JsonObject { ["id"] = id, ["text"] = text };
            if (extra?.Invoke(i) is { } more)
                foreach (var (k, v) in more.ToList())
                {
                    more.Remove(k);
                    o[k] = v;
                }
            w.WriteLine(o.ToJsonString());
            i++;
        }
    }

    public static string[] Ids(string jsonl) =>
        File.ReadLines(jsonl).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()).ToArray();
}
