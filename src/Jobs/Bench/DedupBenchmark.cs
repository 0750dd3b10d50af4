using System.Diagnostics;
using System.Globalization;
using YuLanData.Jobs.Dedup;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Bench;

/// <summary>
/// Dedup throughput on real web text: MinHash stage 1 (signatures) and stages 1-3, and exact dedup stages 1-3,
/// against a read-only pass over the same files in the same run, with the peak managed heap of each phase
/// (sampled every 10 ms) and the process's peak working set.
/// Usage: <c>bench dedup [--input GLOB ...] [--repeat N] [--workers N]</c> (default input: ../shared/data/web/*.jsonl*).
/// </summary>
public sealed class DedupBenchmark : IBenchmark
{
    public string Name => "dedup";

    public string Description => "MinHash stage 1 and stages 1-3 (and exact dedup) docs/s vs a read-only pass, with peak memory";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        var (files, repeat, workers) = FileBenchArguments.Parse("dedup", arguments);
        string scratch = Path.Combine(Path.GetTempPath(), "yulandata-bench-dedup-" + Environment.ProcessId);
        Directory.CreateDirectory(scratch);
        var inv = CultureInfo.InvariantCulture;
        try
        {
            long fileBytes = files.Sum(f => new FileInfo(f).Length);
            output.WriteLine($"bench dedup: {files.Count} files, {fileBytes / 1e6:F1} MB on disk, best of {repeat}, {workers} worker(s)");
            long docs = 0;
            var (readSeconds, readPeak) = Measure(repeat, () =>
            {
                docs = 0;
                foreach (var f in files)
                    docs += IO.DocumentReader.ReadFile(f).Count(r => r.Document != null);
            });
            output.WriteLine(string.Create(inv, $"{"read+parse only (baseline)",-30} {docs / readSeconds,10:N0} docs/s  {readSeconds,7:F2} s  peak heap {readPeak / 1e6,7:F1} MB"));
            int run = 0;
            var minhash = new DedupSettings { Mode = DedupMode.MinHash };
            var (s1Seconds, s1Peak) = Measure(repeat, () => new DedupRunner(minhash, files, Path.Combine(scratch, $"s1-{run++}"), workers).RunSignatures());
            Report(output, "minhash stage 1", docs, s1Seconds, s1Peak, readSeconds);
            DedupSummary? summary = null;
            var (allSeconds, allPeak) = Measure(repeat, () => summary = new DedupRunner(minhash, files, Path.Combine(scratch, $"all-{run++}"), workers).Run());
            Report(output, "minhash stages 1-3", docs, allSeconds, allPeak, readSeconds);
            output.WriteLine(string.Create(inv, $"{"",-30} ({summary!.Clusters} clusters, {summary.DocumentsToDrop} documents to drop; stage 1 {summary.Stage1Seconds:F2} s, 2 {summary.Stage2Seconds:F2} s, 3 {summary.Stage3Seconds:F2} s)"));
            var exact = new DedupSettings { Mode = DedupMode.Exact };
            var (exSeconds, exPeak) = Measure(repeat, () => summary = new DedupRunner(exact, files, Path.Combine(scratch, $"ex-{run++}"), workers).Run());
            Report(output, "exact (normalized) stages 1-3", docs, exSeconds, exPeak, readSeconds);
            output.WriteLine(string.Create(inv, $"{"",-30} ({summary!.DocumentsToDrop} documents to drop)"));
            output.WriteLine(string.Create(inv, $"process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F1} MB"));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return 0;
    }

    private static void Report(TextWriter output, string label, long docs, double seconds, long peak, double readSeconds) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-30} {docs / seconds,10:N0} docs/s  {seconds,7:F2} s  peak heap {peak / 1e6,7:F1} MB  ratio to read-only {readSeconds / seconds:F3}"));

    /// <summary>Best wall time of <paramref name="repeat"/> runs and the largest managed heap seen during them.</summary>
    private static (double Seconds, long PeakHeap) Measure(int repeat, Action action)
    {
        double best = double.MaxValue;
        long peak = 0;
        for (int i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var done = new ManualResetEventSlim();
            var sampler = new Thread(() =>
            {
                while (!done.Wait(10))
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
            }) { IsBackground = true };
            sampler.Start();
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            done.Set();
            sampler.Join();
        }
        return (best, peak);
    }
}
