using System.Diagnostics;
using System.Globalization;
using YuLanData.Jobs.Dedup;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Dedup on real web text: MinHash stages 1-3 in datatrove's mode (union-find over unverified candidate pairs) and
/// in the default mode (pairs verified by exact Jaccard from the stored shingle fingerprints, center clustering),
/// and exact dedup, each against a read-only pass over the same files in the same run, with the documents each
/// drops and the peak resident set size of each (each dedup runs as a child process of this CLI, whose VmHWM is
/// polled; the read-only pass runs in this process, with its peak managed heap).
/// Usage: <c>bench dedup [--input GLOB ...] [--repeat N] [--workers N] [--generate DOCS]</c> (default input:
/// ../shared/data/web/*.jsonl*; <c>--generate</c> first writes a corpus of DOCS documents made from the input
/// files' texts, <see cref="DedupBenchCorpus"/>, and measures on it).
/// </summary>
public sealed class DedupBenchmark : IBenchmark
{
    public string Name => "dedup";

    public string Description => "MinHash dedup, datatrove mode (unverified) vs default (verified, center clustering), and exact dedup: time, peak RSS, documents dropped, ratios";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        var rest = arguments.ToList();
        int generate = 0;
        int g = rest.IndexOf("--generate");
        if (g >= 0)
        {
            if (g + 1 >= rest.Count || !int.TryParse(rest[g + 1], NumberStyles.None, CultureInfo.InvariantCulture, out generate) || generate < 1)
                throw new ArgumentException("bench dedup: --generate needs a positive number of documents");
            rest.RemoveRange(g, 2);
        }
        var (files, repeat, workers) = FileBenchArguments.Parse("dedup", rest);
        string scratch = Path.Combine(Path.GetTempPath(), "yulandata-bench-dedup-" + Environment.ProcessId);
        Directory.CreateDirectory(scratch);
        var inv = CultureInfo.InvariantCulture;
        try
        {
            if (generate > 0)
            {
                var watch = Stopwatch.StartNew();
                files = DedupBenchCorpus.Write(files, Path.Combine(scratch, "corpus"), generate);
                output.WriteLine(string.Create(inv, $"generated {generate:N0} documents from real web text in {watch.Elapsed.TotalSeconds:F1} s"));
            }
            long fileBytes = files.Sum(f => new FileInfo(f).Length);
            output.WriteLine($"bench dedup: {files.Count} files, {fileBytes / 1e6:F1} MB on disk, best of {repeat}, {workers} worker(s)");
            long docs = 0;
            var read = Measure(repeat, () =>
            {
                docs = 0;
                foreach (var f in files)
                    docs += Jobs.IO.DocumentReader.ReadFile(f).Count(r => r.Document != null);
            });
            output.WriteLine(string.Create(inv, $"{"read+parse only (baseline)",-34} {docs / read.Seconds,9:N0} docs/s  {read.Seconds,7:F2} s  peak heap {read.PeakHeap / 1e6,7:F1} MB  peak RSS {read.PeakRss / 1e6,7:F1} MB"));
            int run = 0;
            var modes = new (string Label, string[] Command)[]
            {
                ("minhash datatrove (unverified)", ["dedup", "minhash", "--clustering", "datatrove"]),
                ("minhash center (verified 0.8)", ["dedup", "minhash"]),
                ("exact (normalized text)", ["dedup", "exact"]),
            };
            // Repeats go round the modes in turn, so that a load change on a shared machine hits every mode alike.
            var best = new Measurement?[modes.Length];
            var reports = new string[modes.Length][];
            for (int r = 0; r < repeat; r++)
                for (int k = 0; k < modes.Length; k++)
                {
                    string folder = Path.Combine(scratch, $"run-{run++}");
                    var (m, lines) = RunChild([.. modes[k].Command, "--input", .. files, "--output", folder, "--workers", workers.ToString(inv)]);
                    long rss = Math.Max(m.PeakRss, best[k]?.PeakRss ?? 0);
                    if (best[k] == null || m.Seconds < best[k]!.Seconds)
                        (best[k], reports[k]) = (m with { PeakRss = rss }, lines);
                    else
                        best[k] = best[k]! with { PeakRss = rss };
                    Directory.Delete(folder, recursive: true);
                }
            var results = best.Select(m => m!).ToList();
            for (int k = 0; k < modes.Length; k++)
            {
                var m = results[k];
                output.WriteLine(string.Create(inv,
                    $"{modes[k].Label,-34} {docs / m.Seconds,9:N0} docs/s  {m.Seconds,7:F2} s  peak RSS {m.PeakRss / 1e6,7:F1} MB  ratio to read-only {read.Seconds / m.Seconds:F3}"));
                foreach (var line in reports[k].Where(l => l.StartsWith("documents to drop", StringComparison.Ordinal) || l.StartsWith("time:", StringComparison.Ordinal)
                             || l.StartsWith("verified", StringComparison.Ordinal) || l.StartsWith("removed documents", StringComparison.Ordinal)))
                    output.WriteLine($"{"",-34} {line}");
            }
            output.WriteLine(string.Create(inv,
                $"verified center / unverified datatrove: time {results[1].Seconds / results[0].Seconds:F3}x, peak RSS {results[1].PeakRss / 1e6:F1} MB vs {results[0].PeakRss / 1e6:F1} MB"));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return 0;
    }

    private sealed record Measurement(double Seconds, long PeakHeap, long PeakRss);

    /// <summary>Runs this CLI in a child process (so that each mode's peak resident set is its own), polling its
    /// VmHWM until it exits; returns wall time, peak RSS and its standard output lines.</summary>
    private static (Measurement, string[]) RunChild(IReadOnlyList<string> arguments)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("bench dedup: the process path is unknown");
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            info.ArgumentList.Add(typeof(DedupBenchmark).Assembly.Location);
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        var watch = Stopwatch.StartNew();
        using var child = Process.Start(info)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        long rss = 0;
        string status = $"/proc/{child.Id}/status";
        while (!child.WaitForExit(20))
        {
            try
            {
                foreach (var line in File.ReadLines(status))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        rss = Math.Max(rss, long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
            }
            catch (IOException)
            {
                // exited between the wait and the read
            }
        }
        double seconds = watch.Elapsed.TotalSeconds;
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"bench dedup: `{string.Join(' ', arguments.Take(4))} ...` failed ({child.ExitCode}): {stderr.Result}");
        return (new Measurement(seconds, 0, rss), stdout.Result.Split('\n'));
    }

    /// <summary>Best wall time of <paramref name="repeat"/> runs, the largest managed heap and resident set seen during them.</summary>
    private static Measurement Measure(int repeat, Action action)
    {
        double best = double.MaxValue;
        long peak = 0, rss = 0;
        for (int i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            ProcessPeakMemory.Reset();
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
            rss = Math.Max(rss, ProcessPeakMemory.Read());
        }
        return new Measurement(best, peak, rss);
    }
}
