using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using YuLanData.Filters.Text;
using YuLanData.Filters.Text.Segmentation;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Speed of the Chinese word segmentation (<see cref="JiebaSegmenter"/>) on one thread over the real Chinese text in
/// <c>data/zh</c>, against two baselines measured in the same run: the English word tokenizer over the same text (what
/// the filters used for Chinese before) and, where <c>python3</c> can import jieba, Python jieba 0.42.1's
/// <c>jieba.lcut</c> (timed inside the interpreter, start-up and dictionary load excluded).
/// </summary>
/// <remarks>Arguments: <c>--data DIR</c> (default: data/zh of the repository), <c>--seconds N</c> minimum measuring
/// time per figure (default 3).</remarks>
public sealed class ChineseSegmentationBenchmark : IBenchmark
{
    public string Name => "zh-segmentation";

    public string Description => "jieba segmentation (ours) on data/zh, single thread, vs the English word tokenizer and Python jieba in the same run";

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
                    output.WriteLine($"zh-segmentation: unknown argument '{arguments[i]}' (use --data DIR, --seconds N)");
                    return 2;
            }
        }
        dataDir ??= Path.Combine(Directory.GetCurrentDirectory(), "data", "zh");
        var files = Directory.Exists(dataDir) ? Directory.GetFiles(dataDir, "*.jsonl.gz").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            output.WriteLine($"zh-segmentation: no .jsonl.gz files in {dataDir}; pass --data DIR");
            return 2;
        }
        var texts = new List<string>();
        foreach (var file in files)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress), Encoding.UTF8);
            string? line;
            int lineNo = 0;
            while ((line = reader.ReadLine()) != null)
            {
                lineNo++;
                using var doc = JsonDocument.Parse(line);
                if (!doc.RootElement.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{file}:{lineNo}: record has no string 'text' field");
                texts.Add(t.GetString()!);
            }
        }
        long chars = texts.Sum(t => (long)t.Length);
        var tokens = new List<TokenSpan>(4096);
        var load = Stopwatch.StartNew();
        JiebaSegmenter.Warm();
        double loadSeconds = load.Elapsed.TotalSeconds;
        long jiebaTokens = 0, englishTokens = 0;
        double ours = CharsPerSecond(seconds, chars, () =>
        {
            long n = 0;
            foreach (var t in texts) { tokens.Clear(); JiebaSegmenter.Cut(t, tokens); n += tokens.Count; }
            jiebaTokens = n;
        });
        double english = CharsPerSecond(seconds, chars, () =>
        {
            long n = 0;
            foreach (var t in texts) { tokens.Clear(); WordTokenizer.Tokenize(t, tokens); n += tokens.Count; }
            englishTokens = n;
        });
        double? python = PythonCharsPerSecond(texts, seconds, output);
        output.WriteLine($"zh-segmentation: {files.Length} files in {dataDir}, {texts.Count} docs, {chars / 1e6:F2} M characters, 1 thread");
        output.WriteLine($"  dictionary load (once per process)            {loadSeconds,8:F2} s");
        output.WriteLine($"  jieba (ours)                                  {ours / 1e6,8:F3} M chars/s   {jiebaTokens} tokens");
        output.WriteLine($"  English word tokenizer (CJK char = word)      {english / 1e6,8:F3} M chars/s   {englishTokens} tokens   ours/English time {english / ours:F2}x");
        if (python is { } py)
            output.WriteLine($"  Python jieba 0.42.1 jieba.lcut                {py / 1e6,8:F3} M chars/s   ours is {ours / py:F2}x faster");
        return 0;
    }

    private static double CharsPerSecond(double minSeconds, long chars, Action pass)
    {
        pass(); // warm-up
        var sw = Stopwatch.StartNew();
        int runs = 0;
        do { pass(); runs++; } while (sw.Elapsed.TotalSeconds < minSeconds);
        return chars * runs / sw.Elapsed.TotalSeconds;
    }

    private const string PythonScript =
        "import sys, json, time, logging\n" +
        "import jieba\n" +
        "jieba.setLogLevel(logging.WARNING)\n" +
        "texts = [json.loads(l) for l in sys.stdin.buffer]\n" +
        "jieba.lcut('预热')\n" +
        "n = sum(len(t) for t in texts)\n" +
        "runs, t0 = 0, time.perf_counter()\n" +
        "while True:\n" +
        "    for t in texts: jieba.lcut(t)\n" +
        "    runs += 1\n" +
        "    if time.perf_counter() - t0 >= float(sys.argv[1]): break\n" +
        "print(n * runs / (time.perf_counter() - t0))\n";

    private static double? PythonCharsPerSecond(List<string> texts, double seconds, TextWriter output)
    {
        try
        {
            var psi = new ProcessStartInfo("python3", ["-c", PythonScript, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                StandardInputEncoding = new UTF8Encoding(false),
            };
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            foreach (var t in texts) p.StandardInput.WriteLine(JsonSerializer.Serialize(t));
            p.StandardInput.Close();
            string result = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode == 0 && double.TryParse(result.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v))
                return v;
            output.WriteLine($"  (Python jieba baseline skipped: {err.Result.Trim().Split('\n').LastOrDefault()})");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output.WriteLine($"  (Python jieba baseline skipped: {e.Message})");
        }
        return null;
    }
}
