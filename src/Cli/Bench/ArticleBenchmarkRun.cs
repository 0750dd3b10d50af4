using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Filters.Html;

namespace YuLanData.Cli.Bench;

/// <summary>
/// <c>bench extract --article-benchmark</c>: <see cref="HtmlExtractor"/> on the ScrapingHub article-extraction-
/// benchmark (181 news and blog pages with each article body as ground truth, fetched by
/// <c>infra/fetch-article-benchmark.sh</c>), scored by <see cref="ArticleBodyScore"/> exactly as the benchmark's
/// <c>evaluate.py</c> scores, beside the published outputs it ships (trafilatura, go-trafilatura, Readability.js)
/// scored by the same code. A held-out check: the extraction rules are not tuned on these pages.
/// </summary>
internal static class ArticleBenchmarkRun
{
    /// <summary>Runs the benchmark and prints one line per system.</summary>
    /// <param name="dir">Folder with <c>ground-truth.json</c>, <c>html/*.html.gz</c> and optionally <c>output/*.json</c>; null finds data/external/article-extraction-benchmark.</param>
    /// <param name="modes">Extraction modes to score.</param>
    /// <param name="format">Output format of the extractor.</param>
    /// <param name="dumpDir">When set, each page's extracted text is written there.</param>
    /// <param name="output">Where the table goes.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string? dir, IReadOnlyList<ExtractionMode> modes, ExtractionFormat format, string? dumpDir, TextWriter output)
    {
        dir ??= FindDir();
        if (dir is null || !File.Exists(Path.Combine(dir, "ground-truth.json")))
        {
            output.WriteLine("extract: article benchmark not found; run infra/fetch-article-benchmark.sh or pass --dir D (a folder with ground-truth.json and html/)");
            return 2;
        }
        var truth = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "ground-truth.json")))!.AsObject();
        var ids = truth.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var pages = new List<string>(ids.Count);
        foreach (string id in ids)
        {
            string path = Path.Combine(dir, "html", id + ".html.gz");
            if (!File.Exists(path)) throw new FileNotFoundException($"extract: article benchmark page {id}: {path} not found", path);
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gz, new UTF8Encoding(false, true));
            pages.Add(reader.ReadToEnd());
        }
        string Body(JsonObject items, string id) => items[id]?["articleBody"]?.GetValue<string>() ?? "";
        output.WriteLine($"ScrapingHub article-extraction-benchmark: {pages.Count} pages, {pages.Sum(p => (long)p.Length) / 1e6:F1} M chars of HTML ({dir})");
        output.WriteLine("metric: evaluate.py's 4-token shingle F1 (per-page precision and recall, averaged)");
        output.WriteLine();
        output.WriteLine($"{"system",-42} {"F1",6} {"precision",9} {"recall",7} {"accuracy",8}");
        string outputs = Path.Combine(dir, "output");
        if (Directory.Exists(outputs))
        {
            foreach (string file in Directory.GetFiles(outputs, "*.json").Order(StringComparer.Ordinal))
            {
                var root = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
                string version = root["version"]?.ToString() ?? "";
                var items = root["output"] is JsonObject wrapped ? wrapped : root;
                var score = new ArticleBodyScore();
                foreach (string id in ids) score.Add(Body(truth, id), items.ContainsKey(id) ? Body(items, id) : "");
                output.WriteLine($"{Path.GetFileNameWithoutExtension(file) + " " + version + " (published output)",-42} {score.F1,6:F3} {score.Precision,9:F3} {score.Recall,7:F3} {score.Accuracy,8:F3}");
            }
        }
        foreach (var mode in modes)
        {
            var extractor = new HtmlExtractor(new HtmlExtractorSettings { Mode = mode, Format = format });
            var score = new ArticleBodyScore();
            string name = mode.ToString().ToLowerInvariant();
            if (dumpDir != null) Directory.CreateDirectory(dumpDir);
            for (int i = 0; i < ids.Count; i++)
            {
                string? text;
                try { text = extractor.Extract(pages[i]).Text; }
                catch (Exception) { text = null; }
                score.Add(Body(truth, ids[i]), text);
                if (dumpDir != null) File.WriteAllText(Path.Combine(dumpDir, ids[i] + "." + name + ".txt"), text ?? "(failed)");
            }
            output.WriteLine($"{"YuLanData html_extract " + name,-42} {score.F1,6:F3} {score.Precision,9:F3} {score.Recall,7:F3} {score.Accuracy,8:F3}");
        }
        return 0;
    }

    private static string? FindDir()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "data", "external", "article-extraction-benchmark");
                if (File.Exists(Path.Combine(candidate, "ground-truth.json"))) return candidate;
            }
        }
        return null;
    }
}
