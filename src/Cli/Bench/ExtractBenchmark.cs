using System.Text.Json.Nodes;
using YuLanData.Filters.Html;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Quality and speed of <see cref="HtmlExtractor"/> on trafilatura's evaluation set (990 pages with
/// must-contain / must-not-contain segments, fetched by <c>infra/fetch-extract-eval.sh</c>): precision, recall
/// and F1 as trafilatura's own evaluation computes them, beside trafilatura 2.2.0's published scores, and
/// pages/s and MB/s on one thread for extraction against an AngleSharp parse-only pass of the same pages.
/// </summary>
/// <remarks>Arguments: <c>--dir D</c> (default data/eval/trafilatura in the repository), <c>--mode
/// balanced|precision|recall|all</c>, <c>--half all|a|b</c> (pages split by the parity of their position in
/// URL order: tune on one half, check the other), <c>--format text|markdown</c>, <c>--errors FILE</c> (JSONL of
/// the pages with misses, for analysis), <c>--dump DIR</c> (each page's output), <c>--no-speed</c>,
/// <c>--article-benchmark</c> (score the ScrapingHub article-extraction-benchmark instead, by its own metric:
/// <see cref="ArticleBenchmarkRun"/>).</remarks>
public sealed class ExtractBenchmark : IBenchmark
{
    public string Name => "extract";

    public string Description => "html_extract on trafilatura's 990-page evaluation set: P/R/F vs trafilatura 2.2.0, pages/s vs AngleSharp parse only";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        string? dir = null, errorsPath = null, dumpDir = null, half = "all";
        bool articleBenchmark = false;
        var modes = new List<ExtractionMode> { ExtractionMode.Balanced };
        var format = ExtractionFormat.Text;
        bool speed = true;
        for (int i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--dir" when i + 1 < arguments.Count: dir = arguments[++i]; break;
                case "--errors" when i + 1 < arguments.Count: errorsPath = arguments[++i]; break;
                case "--dump" when i + 1 < arguments.Count: dumpDir = arguments[++i]; break;
                case "--half" when i + 1 < arguments.Count && arguments[i + 1] is "all" or "a" or "b": half = arguments[++i]; break;
                case "--no-speed": speed = false; break;
                case "--article-benchmark": articleBenchmark = true; break;
                case "--format" when i + 1 < arguments.Count && Enum.TryParse(arguments[i + 1], true, out ExtractionFormat f): format = f; i++; break;
                case "--mode" when i + 1 < arguments.Count:
                    string m = arguments[++i];
                    if (m == "all") modes = [ExtractionMode.Precision, ExtractionMode.Balanced, ExtractionMode.Recall];
                    else if (Enum.TryParse(m, true, out ExtractionMode mode)) modes = [mode];
                    else { output.WriteLine($"extract: unknown mode '{m}' (balanced, precision, recall, all)"); return 2; }
                    break;
                default:
                    output.WriteLine($"extract: unknown argument '{arguments[i]}' (use --dir D, --article-benchmark, --mode M, --half all|a|b, --format text|markdown, --errors FILE, --dump DIR, --no-speed)");
                    return 2;
            }
        }
        if (articleBenchmark) return ArticleBenchmarkRun.Run(dir, modes, format, dumpDir, output);
        dir ??= FindEvalDir();
        if (dir is null || !File.Exists(Path.Combine(dir, "evaldata.json")))
        {
            output.WriteLine("extract: evaluation set not found; run infra/fetch-extract-eval.sh or pass --dir D (a folder with evaldata.json, eval/ and cache/)");
            return 2;
        }
        var pages = LoadPages(dir, half);
        long totalBytes = pages.Sum(p => (long)p.Bytes.Length);
        output.WriteLine($"trafilatura evaluation set: {pages.Count} pages ({half}), {totalBytes / 1e6:F1} MB, " +
                         $"{pages.Sum(p => p.With.Count)} text & {pages.Sum(p => p.Without.Count)} boilerplate segments ({dir})");
        var decoded = pages.Select(p => HtmlBytes.Decode(p.Bytes)).ToList();

        output.WriteLine();
        output.WriteLine($"{"system",-34} {"precision",9} {"recall",7} {"accuracy",8} {"F1",6}");
        output.WriteLine($"{"trafilatura 2.2.0 standard (pub.)",-34} {0.906,9:F3} {0.943,7:F3} {0.923,8:F3} {0.924,6:F3}");
        output.WriteLine($"{"trafilatura 2.2.0 precision (pub.)",-34} {0.925,9:F3} {0.915,7:F3} {0.921,8:F3} {0.920,6:F3}");
        output.WriteLine($"{"trafilatura 2.2.0 recall (pub.)",-34} {0.899,9:F3} {0.939,7:F3} {0.917,8:F3} {0.918,6:F3}");
        foreach (var mode in modes)
        {
            var extractor = new HtmlExtractor(new HtmlExtractorSettings { Mode = mode, Format = format });
            var texts = new string?[pages.Count];
            int failures = 0;
            for (int i = 0; i < pages.Count; i++)
            {
                try { texts[i] = extractor.Extract(decoded[i]).Text; }
                catch (Exception) { texts[i] = null; failures++; }
            }

            var score = new SegmentScore();
            var errors = new List<JsonObject>();
            for (int i = 0; i < pages.Count; i++)
            {
                var (tp, fp, fn, _) = score.Add(texts[i], pages[i].With, pages[i].Without);
                if (fp + fn > 0)
                    errors.Add(new JsonObject
                    {
                        ["url"] = pages[i].Url, ["file"] = pages[i].File, ["tp"] = tp, ["fp"] = fp, ["fn"] = fn,
                        ["missed"] = new JsonArray(pages[i].With.Where(w => texts[i] is null || !SegmentScore.Normalize(texts[i]!).Contains(SegmentScore.Normalize(w))).Select(w => (JsonNode)w).ToArray()),
                        ["leaked"] = new JsonArray(pages[i].Without.Where(w => texts[i] != null && SegmentScore.Normalize(texts[i]!).Contains(SegmentScore.Normalize(w))).Select(w => (JsonNode)w).ToArray()),
                    });
            }
            output.WriteLine($"{"YuLanData html_extract " + mode.ToString().ToLowerInvariant(),-34} {score.Precision,9:F3} {score.Recall,7:F3} {score.Accuracy,8:F3} {score.F1,6:F3}" +
                             (failures > 0 ? $"  ({failures} pages failed)" : ""));
            if (dumpDir != null)
            {
                Directory.CreateDirectory(dumpDir);
                for (int i = 0; i < pages.Count; i++)
                    File.WriteAllText(Path.Combine(dumpDir, pages[i].File + "." + mode.ToString().ToLowerInvariant() + ".txt"), texts[i] ?? "(failed)");
            }
            if (errorsPath != null)
            {
                string path = modes.Count == 1 ? errorsPath : errorsPath + "." + mode.ToString().ToLowerInvariant();
                File.WriteAllLines(path, errors.Select(e => e.ToJsonString()));
            }
        }
        if (speed)
        {
            // Alternate parse-only and extraction passes (after a warm-up of both) and keep each one's best,
            // so JIT, caches and a shared machine's noise hit both alike. Process CPU time includes the GC's threads.
            var extractor = new HtmlExtractor();
            var warm = decoded.Take(50).ToList();
            foreach (var html in warm) { extractor.Parse(html).Dispose(); extractor.Extract(html); }
            double parseCpu = double.MaxValue, extractCpu = double.MaxValue, parseWall = double.MaxValue, extractWall = double.MaxValue;
            for (int round = 0; round < 2; round++)
            {
                var (pc, pw) = ProcessCpuSeconds(() => { foreach (var html in decoded) extractor.Parse(html).Dispose(); });
                var (ec, ew) = ProcessCpuSeconds(() => { foreach (var html in decoded) extractor.Extract(html); });
                parseCpu = Math.Min(parseCpu, pc); parseWall = Math.Min(parseWall, pw);
                extractCpu = Math.Min(extractCpu, ec); extractWall = Math.Min(extractWall, ew);
            }
            output.WriteLine();
            double mb = totalBytes / 1e6;
            output.WriteLine($"speed, one thread, {pages.Count} pages, {mb:F1} MB of HTML (per CPU second of the process; wall in brackets):");
            output.WriteLine($"  AngleSharp parse only   {pages.Count / parseCpu,8:F1} pages/s  {mb / parseCpu,6:F2} MB/s  ({pages.Count / parseWall:F1} pages/s wall)");
            output.WriteLine($"  html_extract (balanced) {pages.Count / extractCpu,8:F1} pages/s  {mb / extractCpu,6:F2} MB/s  ({pages.Count / extractWall:F1} pages/s wall)");
            output.WriteLine($"  extraction / parse cost: {extractCpu / parseCpu:F2}x CPU, {extractWall / parseWall:F2}x wall (goal <= 2x)");
        }
        return 0;
    }

    private static (double Cpu, double Wall) ProcessCpuSeconds(Action action)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        action();
        process.Refresh();
        return (Math.Max(1e-6, (process.TotalProcessorTime - cpu).TotalSeconds), wall.Elapsed.TotalSeconds);
    }

    private sealed record Page(string Url, string File, byte[] Bytes, IReadOnlyList<string> With, IReadOnlyList<string> Without);

    private static List<Page> LoadPages(string dir, string half)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "evaldata.json")))!.AsObject();
        var urls = root.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var pages = new List<Page>();
        for (int i = 0; i < urls.Count; i++)
        {
            if (half == "a" && i % 2 == 1 || half == "b" && i % 2 == 0) continue;
            var item = root[urls[i]]!.AsObject();
            string file = item["file"]!.GetValue<string>();
            string path = Path.Combine(dir, "cache", file);
            if (!System.IO.File.Exists(path)) path = Path.Combine(dir, "eval", file);
            if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"extract: {urls[i]}: HTML file not found: {file}", path);
            pages.Add(new Page(urls[i], file, System.IO.File.ReadAllBytes(path),
                item["with"]!.AsArray().Select(n => n!.GetValue<string>()).ToList(),
                item["without"]!.AsArray().Select(n => n!.GetValue<string>()).ToList()));
        }
        return pages;
    }

    private static string? FindEvalDir()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "data", "eval", "trafilatura");
                if (File.Exists(Path.Combine(candidate, "evaldata.json"))) return candidate;
            }
        }
        return null;
    }
}
