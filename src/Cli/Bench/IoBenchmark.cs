using System.Diagnostics;
using System.Globalization;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Read + parse + write throughput of the engine on real web files, against a raw byte copy of the same files
/// in the same run. Usage: <c>bench io [--input GLOB ...] [--repeat N] [--workers N]</c>
/// (default input: ../shared/data/web/*.jsonl*).
/// </summary>
public sealed class IoBenchmark : IBenchmark
{
    public string Name => "io";

    public string Description => "read+parse+write docs/s and MB/s vs a raw byte copy of the same files";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        var (files, repeat, workers) = FileBenchArguments.Parse("io", arguments);
        long fileBytes = files.Sum(f => new FileInfo(f).Length);
        string scratch = Path.Combine(Path.GetTempPath(), "yulandata-bench-io-" + Environment.ProcessId);
        Directory.CreateDirectory(scratch);
        try
        {
            output.WriteLine($"bench io: {files.Count} files, {fileBytes / 1e6:F1} MB on disk, best of {repeat}, {workers} worker(s)");
            double copySeconds = BenchTiming.Best(repeat, () =>
            {
                foreach (var f in files)
                    File.Copy(f, Path.Combine(scratch, "copy-" + Path.GetFileName(f)), overwrite: true);
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"raw byte copy",-28} {fileBytes / 1e6 / copySeconds,10:F1} MB/s (file bytes)"));
            long docs = 0;
            double readSeconds = BenchTiming.Best(repeat, () =>
            {
                docs = 0;
                foreach (var f in files)
                    docs += Jobs.IO.DocumentReader.ReadFile(f).Count(r => r.Document != null);
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"read+parse only",-28} {fileBytes / 1e6 / readSeconds,10:F1} MB/s (file bytes), {docs / readSeconds,10:N0} docs/s, ratio to raw copy {copySeconds / readSeconds:F3}"));
            var lineFiles = files.Where(f => Jobs.IO.FileFormats.FromPath(f) is Jobs.IO.FileFormat.JsonlGzip or Jobs.IO.FileFormat.JsonlZstd).ToList();
            if (lineFiles.Count > 0)
            {
                long compressedDocs = 0;
                double unverifiedSeconds = 0, verifiedSeconds = 0;
                for (int pass = 0; pass < repeat; pass++) // interleaved, best of each
                {
                    double u = BenchTiming.Best(1, () => compressedDocs = lineFiles.Sum(f =>
                        Jobs.IO.JsonlDocumentReader.ReadUnverified(new Jobs.IO.InputSlice(f, Jobs.IO.FileFormats.FromPath(f)!.Value), new Jobs.IO.ReaderOptions()).Count(r => r.Document != null)));
                    double v = BenchTiming.Best(1, () => compressedDocs = lineFiles.Sum(f => Jobs.IO.DocumentReader.ReadFile(f).Count(r => r.Document != null)));
                    unverifiedSeconds = pass == 0 ? u : Math.Min(unverifiedSeconds, u);
                    verifiedSeconds = pass == 0 ? v : Math.Min(verifiedSeconds, v);
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"read+parse .gz/.zst verified",-28} {compressedDocs / verifiedSeconds,10:N0} docs/s, {compressedDocs / unverifiedSeconds,10:N0} docs/s unverified (records used before their member/frame checksum): ratio {unverifiedSeconds / verifiedSeconds:F3}"));
            }
            foreach (var format in new[] { "jsonl", "jsonl.gz", "jsonl.zst", "parquet" })
            {
                TaskStats? stats = null;
                int run = 0;
                double seconds = BenchTiming.Best(repeat, () =>
                {
                    string yaml = $"name: bench\ninput:\n  paths: [{string.Join(", ", files.Select(f => "\"" + f + "\""))}]\noutput:\n  path: \"{Path.Combine(scratch, format + "-" + run++)}\"\n  format: {format}\n";
                    var config = PipelineLoader.Parse(yaml, "bench-io");
                    var executor = new LocalExecutor(config, workers);
                    var (plan, progress) = executor.Prepare();
                    stats = executor.Run(plan, progress);
                });
                double mbps = fileBytes / 1e6 / seconds;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"read+parse+write " + format,-28} {mbps,10:F1} MB/s (file bytes), {stats!.ReadBytes / 1e6 / seconds,8:F1} MB/s (JSON bytes), {stats.Read / seconds,10:N0} docs/s, ratio to raw copy {copySeconds / seconds:F3}, to read-only {readSeconds / seconds:F3}"));
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return 0;
    }
}
