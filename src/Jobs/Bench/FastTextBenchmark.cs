using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using YuLanData.Filters.FastText;

namespace YuLanData.Jobs.Bench;

/// <summary>
/// Single-thread fastText prediction throughput: our <see cref="FastTextModel"/> against the reference
/// <c>fasttext predict-prob</c> CLI on the same real documents in the same run. The CLI time is taken over a
/// file of all documents minus a run over a one-line file (process start + model load), best of 3.
/// </summary>
public sealed class FastTextBenchmark : IBenchmark
{
    public string Name => "fasttext";

    public string Description =>
        "fastText predict (lid.176) docs/s, single thread, vs `fasttext predict-prob` on the same documents (--docs N, --k K, --model PATH, --cli PATH)";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        int docsWanted = 20_000, k = 1;
        string? modelPath = null, cli = "/usr/bin/fasttext";
        for (int i = 0; i < arguments.Count; i++)
        {
            string Next() => i + 1 < arguments.Count ? arguments[++i] : throw new ArgumentException($"{arguments[i]} needs a value");
            switch (arguments[i])
            {
                case "--docs": docsWanted = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--k": k = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--model": modelPath = Next(); break;
                case "--cli": cli = Next(); break;
                default:
                    output.WriteLine($"unknown argument {arguments[i]}");
                    return 2;
            }
        }
        string shared = FindShared();
        modelPath ??= Path.Combine(shared, "data", "models", "lid.176.ftz");
        var docs = LoadDocuments(Path.Combine(shared, "data", "web"), docsWanted);
        long bytes = docs.Sum(d => (long)Encoding.UTF8.GetByteCount(d));
        output.WriteLine($"fasttext bench: model {modelPath}, {docs.Count} real documents ({bytes / 1e6:F1} MB UTF-8), k={k}, single thread");

        var model = FastTextModel.Load(modelPath);
        var predictions = new FastTextPrediction[Math.Max(k, 1)];
        // Warm up (JIT tiers) on a slice, then time the whole set; best of 3.
        for (int i = 0; i < Math.Min(docs.Count, 3000); i++)
            model.Predict(docs[i].AsSpan(), k, 0f, predictions);
        double oursSeconds = double.MaxValue;
        long checksum = 0;
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            checksum = 0;
            foreach (var d in docs)
            {
                int n = model.Predict(d.AsSpan(), k, 0f, predictions);
                checksum += n > 0 ? predictions[0].LabelIndex : -1;
            }
            oursSeconds = Math.Min(oursSeconds, sw.Elapsed.TotalSeconds);
        }
        double ours = docs.Count / oursSeconds;
        output.WriteLine($"  ours  FastTextModel.Predict        : {ours,12:N0} docs/s ({oursSeconds:F3} s, label checksum {checksum})");

        string dir = Directory.CreateTempSubdirectory("ft-bench-").FullName;
        try
        {
            string all = Path.Combine(dir, "docs.txt"), one = Path.Combine(dir, "one.txt");
            File.WriteAllText(all, string.Concat(docs.Select(d => d.Replace('\n', ' ') + "\n")), new UTF8Encoding(false));
            File.WriteAllText(one, docs[0].Replace('\n', ' ') + "\n", new UTF8Encoding(false));

            // Our full CLI-equivalent path too: read the file, predict, format the probabilities.
            double toolSeconds = double.MaxValue;
            for (int rep = 0; rep < 2; rep++)
            {
                var sw = Stopwatch.StartNew();
                using var reader = new StreamReader(all, new UTF8Encoding(false));
                FastTextTool.Predict(model, k, 0f, reader, TextWriter.Null);
                toolSeconds = Math.Min(toolSeconds, sw.Elapsed.TotalSeconds);
            }
            output.WriteLine($"  ours  FastTextTool.Predict (I/O+fmt): {docs.Count / toolSeconds,12:N0} docs/s ({toolSeconds:F3} s)");

            if (!File.Exists(cli))
            {
                output.WriteLine($"  baseline unavailable: {cli} not found (apt-get install fasttext)");
                return 1;
            }
            double full = double.MaxValue, start = double.MaxValue;
            for (int rep = 0; rep < 3; rep++)
            {
                full = Math.Min(full, TimeCli(cli, modelPath, all, k));
                start = Math.Min(start, TimeCli(cli, modelPath, one, k));
            }
            double cliSeconds = Math.Max(full - start, 1e-9);
            double baseline = docs.Count / cliSeconds;
            output.WriteLine($"  fasttext predict-prob (CLI 0.9.2) : {baseline,12:N0} docs/s ({full:F3} s total - {start:F3} s start/load)");
            output.WriteLine($"  ratio ours / CLI: {ours / baseline:F2}x (goal >= 2.0); with I/O+formatting: {docs.Count / toolSeconds / baseline:F2}x");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static double TimeCli(string cli, string model, string input, int k)
    {
        var psi = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "predict-prob", model, input, k.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {cli}");
        var err = p.StandardError.ReadToEndAsync();
        var buffer = new char[1 << 16];
        while (p.StandardOutput.Read(buffer, 0, buffer.Length) > 0)
        {
        }
        p.WaitForExit();
        double seconds = sw.Elapsed.TotalSeconds;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{cli} predict-prob failed ({p.ExitCode}): {err.Result}");
        return seconds;
    }

    /// <summary>The shared data folder: ../shared beside the repository that holds this build.</summary>
    private static string FindShared()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "YuLanData.sln")))
                {
                    string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                    if (Directory.Exists(shared))
                        return shared;
                }
            }
        }
        throw new DirectoryNotFoundException("../shared (real data) not found beside the repository");
    }

    /// <summary>Real multilingual documents: BBC news, DCLM web pages, UDHR translations and lingua sentences, cycled to the wanted count.</summary>
    private static List<string> LoadDocuments(string webDir, int wanted)
    {
        var pool = new List<string>();
        foreach (var file in new[] { "bbc_news_2225.jsonl.gz", "dclm_quality_annotated_cc.jsonl.gz", "nltk_udhr2_multilingual.jsonl.gz", "lingua_sentences_75langs.jsonl.gz" })
        {
            string path = Path.Combine(webDir, file);
            using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(stream);
            string? line;
            int taken = 0;
            while ((line = reader.ReadLine()) != null && taken < wanted / 4 + 1)
            {
                using var doc = JsonDocument.Parse(line);
                pool.Add(doc.RootElement.GetProperty("text").GetString()!);
                taken++;
            }
        }
        var docs = new List<string>(wanted);
        for (int i = 0; docs.Count < wanted; i++)
            docs.Add(pool[i % pool.Count]);
        return docs;
    }
}
