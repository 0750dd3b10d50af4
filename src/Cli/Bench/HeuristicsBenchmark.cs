using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Filters;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Throughput of the English web heuristic stack (gopher_repetition → gopher_quality → c4_quality without the
/// terminal-punctuation rule → fineweb_quality, a dropped document leaves the stack) on one thread over real web
/// documents, against a read+parse-only pass (gunzip the JSONL and parse each record) measured in the same run.
/// </summary>
/// <remarks>Arguments: <c>--data DIR</c> (default: ../shared/data/web next to the repository),
/// <c>--seconds N</c> minimum measuring time per figure (default 3).</remarks>
public sealed class HeuristicsBenchmark : IBenchmark
{
    public string Name => "heuristics";

    public string Description => "web-en heuristic filter stack (gopher x2, c4, fineweb), single thread, vs read+parse of the jsonl.gz";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        string? dataDir = null;
        double seconds = 3;
        for (int i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--data" when i + 1 < arguments.Count: dataDir = arguments[++i]; break;
                case "--seconds" when i + 1 < arguments.Count: seconds = double.Parse(arguments[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default:
                    output.WriteLine($"heuristics: unknown argument '{arguments[i]}' (use --data DIR, --seconds N)");
                    return 2;
            }
        }
        dataDir ??= FindWebData();
        if (dataDir is null || !Directory.Exists(dataDir))
        {
            output.WriteLine("heuristics: web data folder not found; pass --data DIR (expected ../shared/data/web)");
            return 2;
        }
        var files = Directory.GetFiles(dataDir).Where(f => f.EndsWith(".jsonl") || f.EndsWith(".jsonl.gz")).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            output.WriteLine($"heuristics: no .jsonl(.gz) files in {dataDir}");
            return 2;
        }

        // Baseline: read + parse only.
        List<string> texts = ReadAll(files);
        long bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        var (parseSeconds, parseRuns, parseCpu) = Measure(seconds, () => ReadAll(files).Count);
        double parseDocsPerSec = texts.Count * parseRuns / parseSeconds;
        double parseDocsPerCpu = texts.Count * parseRuns / parseCpu;

        IDocumentFilter[] stack =
        [
            new GopherRepetitionFilter(new GopherRepetitionOptions()),
            new GopherQualityFilter(new GopherQualityOptions()),
            new C4QualityFilter(new C4QualityOptions { FilterNoTerminalPunct = false }),
            new FineWebQualityFilter(new FineWebQualityOptions()),
        ];
        var midSized = texts.Where(t => Encoding.UTF8.GetByteCount(t) is >= 2048 and <= 5120).ToList();
        long midBytes = midSized.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        int kept = 0;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in texts)
        {
            string? r = RunStack(stack, t);
            if (r is null) kept++;
            else reasons[r] = reasons.GetValueOrDefault(r) + 1;
        }
        var (allSeconds, allRuns, allCpu) = Measure(seconds, () => texts.Count(t => RunStack(stack, t) is null));
        var (midSeconds, midRuns, midCpu) = Measure(seconds, () => midSized.Count(t => RunStack(stack, t) is null));

        double allDocs = texts.Count * allRuns / allSeconds, allDocsCpu = texts.Count * allRuns / allCpu;
        double midDocs = midSized.Count * midRuns / midSeconds, midDocsCpu = midSized.Count * midRuns / midCpu;
        output.WriteLine($"heuristics benchmark: {files.Length} files in {dataDir}, {texts.Count} docs, {bytes / 1e6:F1} MB of text, 1 thread");
        output.WriteLine("  figure                                   docs/s (wall)   MB/s (wall)   docs per CPU-second");
        output.WriteLine($"  baseline read+parse (gunzip + JSON)      {parseDocsPerSec,13:F0} {bytes * parseRuns / parseSeconds / 1e6,13:F1} {parseDocsPerCpu,21:F0}");
        output.WriteLine($"  filter stack, all docs                   {allDocs,13:F0} {bytes * allRuns / allSeconds / 1e6,13:F1} {allDocsCpu,21:F0}   kept {kept}/{texts.Count}");
        output.WriteLine($"  filter stack, {midSized.Count} docs of 2-5 KB         {midDocs,13:F0} {midBytes * midRuns / midSeconds / 1e6,13:F1} {midDocsCpu,21:F0}   goal >= 3000/core");
        output.WriteLine($"  ratio filter-stack time / read+parse time (all docs): {parseDocsPerSec / allDocs:F2}x wall, {parseDocsPerCpu / allDocsCpu:F2}x CPU");
        output.WriteLine("  drops: " + string.Join(", ", reasons.Select(kv => $"{kv.Key}={kv.Value}")));
        return 0;
    }

    private static string? RunStack(IDocumentFilter[] stack, string text)
    {
        var meta = new JsonObject();
        foreach (var f in stack)
        {
            var o = f.Apply(new FilterInput(text, "bench", meta));
            if (!o.Keep) return o.Reason;
            if (o.NewText is not null) text = o.NewText;
        }
        return null;
    }

    // Returns wall seconds, runs, and this process's CPU seconds over the runs (the machine may be shared, so the
    // per-core figure divides by CPU time; with an idle machine both agree).
    private static (double Seconds, int Runs, double CpuSeconds) Measure(double minSeconds, Func<int> pass)
    {
        pass(); // warm-up
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        int runs = 0;
        do
        {
            pass();
            runs++;
        } while (sw.Elapsed.TotalSeconds < minSeconds);
        double wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, runs, (process.TotalProcessorTime - cpu0).TotalSeconds);
    }

    private static List<string> ReadAll(string[] files)
    {
        var texts = new List<string>();
        foreach (string file in files)
        {
            using Stream raw = File.OpenRead(file);
            using Stream s = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
            using var reader = new StreamReader(s, Encoding.UTF8, false, 1 << 16);
            string? line;
            int lineNo = 0;
            while ((line = reader.ReadLine()) != null)
            {
                lineNo++;
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    texts.Add(t.GetString()!);
                else throw new InvalidDataException($"{file}:{lineNo}: record has no string 'text' field");
            }
        }
        return texts;
    }

    private static string? FindWebData()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var dir = new DirectoryInfo(start);
            while (dir != null)
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared", "data", "web");
                if (File.Exists(Path.Combine(dir.FullName, "YuLanData.sln")) && Directory.Exists(candidate)) return Path.GetFullPath(candidate);
                dir = dir.Parent;
            }
        }
        return null;
    }
}
