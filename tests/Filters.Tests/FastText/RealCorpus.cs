using System.IO.Compression;
using System.Text.Json;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>Real documents from ../shared/data/web for the fastText tests.</summary>
internal static class RealCorpus
{
    /// <summary>Reads the JSON objects of a (gzipped) JSONL file under shared/data/web.</summary>
    public static IEnumerable<JsonElement> Read(string fileName)
    {
        string path = RepoPaths.SharedData("web", fileName);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line.Length == 0)
                continue;
            using var doc = JsonDocument.Parse(line);
            yield return doc.RootElement.Clone();
        }
    }

    public static IEnumerable<string> Texts(string fileName) => Read(fileName).Select(e => e.GetProperty("text").GetString()!);

    /// <summary>
    /// About 6,500 real multilingual documents: every 24th lingua sentence (75 languages), all UDHR
    /// translations, all BBC articles and all DCLM web pages, in a fixed order.
    /// </summary>
    public static List<string> MultilingualDocuments()
    {
        var docs = new List<string>();
        docs.AddRange(Texts("lingua_sentences_75langs.jsonl.gz").Where((_, i) => i % 24 == 0));
        docs.AddRange(Texts("nltk_udhr2_multilingual.jsonl.gz"));
        docs.AddRange(Texts("bbc_news_2225.jsonl.gz"));
        docs.AddRange(Texts("dclm_quality_annotated_cc.jsonl.gz"));
        return docs;
    }

    /// <summary>A document as one CLI input line: newlines replaced by spaces (what a user's script does).</summary>
    public static string AsLine(string text) => text.Replace('\n', ' ');

    /// <summary>The cooking questions as fastText training lines (<c>__label__a __label__b text</c>), in file order.</summary>
    public static List<string> CookingLines() =>
        Read("fasttextjs_stackexchange_cooking_questions.jsonl.gz")
            .Select(e => string.Join(' ', e.GetProperty("labels").EnumerateArray().Select(l => "__label__" + l.GetString()))
                         + " " + AsLine(e.GetProperty("text").GetString()!))
            .ToList();
}
