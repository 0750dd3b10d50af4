using System.Diagnostics;
using System.Text;
using YuLanData.Inference.Tokenization;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>
/// The <c>tokenizer</c> benchmark: single-thread encoding throughput (UTF-8 MB/s and tokens/s) of
/// <see cref="HuggingFaceTokenizer"/> against Hugging Face's own library (Tokenizers.DotNet, the baseline) on the same
/// real documents in the same run, for both fixture files, with the ratio. It lives in the test project because the
/// baseline is a test-only dependency; run it with
/// <c>YULANDATA_BENCH=tokenizer dotnet test tests/Inference.Tests -c Release --filter TokenizerBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public static class TokenizerThroughputBenchmark
{
    /// <summary>Runs the benchmark and writes its report; returns the ratios (baseline time / our time).</summary>
    /// <param name="output">Where the report goes.</param>
    /// <param name="repeats">Timed passes per implementation and case; the best counts. Each pass loads a fresh
    /// tokenizer, warms it up (JIT and merge caches), then times the even-numbered documents of the sample. Two cases:
    /// warm-up on the other (odd-numbered) documents, so words new to the caches are merged during timing (the lower
    /// bound: our merge engine is slower than HF's on a cache miss, faster on a hit); and warm-up on the timed
    /// documents themselves (the steady state of a long run, where nearly every word is cached).</param>
    public static IReadOnlyList<double> Run(TextWriter output, int repeats = 2)
    {
        IReadOnlyList<RealDocument> sample = RealDocuments.All;
        string[] timed = sample.Where((_, i) => i % 2 == 0).Select(d => d.Text).ToArray();
        string[] otherDocuments = sample.Where((_, i) => i % 2 == 1).Select(d => d.Text).ToArray();
        long bytes = timed.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        output.WriteLine($"tokenizer benchmark: {timed.Length} real documents timed ({bytes / 1e6:F2} MB UTF-8; web, code, math); single thread; best of {repeats} passes");
        var ratios = new List<double>();
        foreach ((string label, string[] warmUp) in new[] { ("unseen text: warm-up on the odd-numbered documents", otherDocuments), ("seen text: warm-up on the timed documents themselves", timed) })
        {
            output.WriteLine($"{label} ({warmUp.Sum(t => (long)t.Length) / 1e6:F1} M chars, encoded by each side before timing)");
            foreach (string name in new[] { TokenizerFixtures.SentencePiece, TokenizerFixtures.ByteLevel })
            {
                string path = TokenizerFixtures.PathOf(name);
                (double oursSeconds, double oursCpu, long oursTokens) = Best(repeats, () =>
                {
                    HuggingFaceTokenizer ours = HuggingFaceTokenizer.Load(path);
                    return text => ours.Encode(text).Length;
                }, warmUp, timed);
                (double baseSeconds, double baseCpu, long baseTokens) = Best(repeats, () =>
                {
                    var baseline = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
                    return text => baseline.Encode(text).Length;
                }, warmUp, timed);
                double ratio = baseSeconds / oursSeconds;
                ratios.Add(ratio);
                output.WriteLine($"  {name}: ours {bytes / 1e6 / oursSeconds:F2} MB/s {oursTokens / oursSeconds / 1e6:F2} Mtok/s | " +
                                 $"Tokenizers.DotNet (HF, baseline) {bytes / 1e6 / baseSeconds:F2} MB/s {baseTokens / baseSeconds / 1e6:F2} Mtok/s | " +
                                 $"ratio {ratio:F2}x (process CPU time: ours {oursCpu:F2} s, baseline {baseCpu:F2} s, ratio {baseCpu / oursCpu:F2}x)" +
                                 $"{(oursTokens == baseTokens ? "" : $" (token counts differ: {oursTokens} vs {baseTokens})")}");
            }
        }
        return ratios;
    }

    /// <summary>Best wall-clock and best process-CPU seconds over <paramref name="repeats"/> passes, and the token count.</summary>
    private static (double Seconds, double CpuSeconds, long Tokens) Best(int repeats, Func<Func<string, int>> load, string[] warmUp, string[] timed)
    {
        double best = double.MaxValue, bestCpu = double.MaxValue;
        long tokens = 0;
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeats; r++)
        {
            Func<string, int> encode = load();
            foreach (string text in warmUp)
                encode(text);
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            tokens = 0;
            foreach (string text in timed)
                tokens += encode(text);
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpuStart).TotalSeconds);
        }
        return (best, bestCpu, tokens);
    }
}
