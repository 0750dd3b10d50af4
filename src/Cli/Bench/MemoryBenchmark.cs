using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Peak memory of a whole run against input size, under a GC heap limit. For each input size it writes one plain
/// JSONL file of real web documents (consecutive documents joined until each is at least <c>--doc-kb</c>), then runs
/// <c>yulandata run</c> on it as one task with one worker in a child process with <c>DOTNET_GCHeapHardLimit</c>, once
/// per output format, and prints the peak resident set (VmHWM) and whether the run completed. The baseline, measured
/// in the same run, is <c>yulandata inspect --count</c> over the same file in the same kind of process: reading alone.
/// Usage: <c>bench memory [--sizes-gb 0.1,0.5,1] [--heap-mb 512] [--formats jsonl,jsonl.gz,jsonl.zst,parquet]
/// [--doc-kb 8] [--input GLOB ...] [--scratch DIR]</c>.
/// </summary>
public sealed class MemoryBenchmark : IBenchmark
{
    public string Name => "memory";

    public string Description => "peak RSS of one-task runs per output format against input size, under a GC heap limit (vs reading alone)";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        double[] sizesGb = [0.1, 0.5, 1];
        string[] formats = ["jsonl", "jsonl.gz", "jsonl.zst", "parquet"];
        long heapMb = 512;
        int docKb = 8;
        var inputs = new List<string>();
        string scratch = Path.Combine(Path.GetTempPath(), "yulandata-bench-memory-" + Environment.ProcessId);
        for (int i = 0; i < arguments.Count; i++)
        {
            string Next() => i + 1 < arguments.Count ? arguments[++i] : throw new ArgumentException($"bench memory: {arguments[i]} needs a value");
            switch (arguments[i])
            {
                case "--sizes-gb": sizesGb = Next().Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--heap-mb": heapMb = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--formats": formats = Next().Split(','); break;
                case "--doc-kb": docKb = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--input": inputs.Add(Next()); break;
                case "--scratch": scratch = Next(); break;
                default: throw new ArgumentException($"bench memory: unknown argument '{arguments[i]}'");
            }
        }
        if (inputs.Count == 0)
            inputs.Add("../shared/data/web/*.jsonl*");
        var sources = inputs.SelectMany(Glob.Expand).Distinct().ToList();
        if (sources.Count == 0)
            throw new ArgumentException($"bench memory: no input files match {string.Join(", ", inputs)}");
        var docs = sources.SelectMany(f => DocumentReader.ReadFile(f)).Where(r => r.Document != null).Select(r => r.Document!.Text).ToList();
        Directory.CreateDirectory(scratch);
        output.WriteLine($"bench memory: GC heap limit {heapMb} MiB, one task, one worker; documents of >= {docKb} KB joined from {docs.Count:N0} real documents in {sources.Count} files");
        output.WriteLine($"{"input",10} {"run",-22} {"peak RSS",10} {"RSS/input",10} {"vs read-only",13} {"seconds",8}  result");
        int failures = 0;
        try
        {
            foreach (double gb in sizesGb)
            {
                string input = Path.Combine(scratch, $"input-{gb.ToString(CultureInfo.InvariantCulture)}gb.jsonl");
                long bytes = WriteInput(input, docs, (long)(gb * (1L << 30)), docKb << 10);
                var baseline = Measure(heapMb, "inspect", input, "--count");
                Print(output, bytes, "read only (inspect)", baseline, baseline);
                foreach (string format in formats)
                {
                    string runDir = Path.Combine(scratch, "run-" + format);
                    if (Directory.Exists(runDir))
                        Directory.Delete(runDir, recursive: true);
                    string yaml = Path.Combine(scratch, "pipeline.yaml");
                    File.WriteAllText(yaml, $"name: bench-memory\ninput:\n  paths: [\"{input}\"]\n  split_bytes: 0\noutput:\n  path: \"{runDir}\"\n  format: {format}\n");
                    var result = Measure(heapMb, "run", yaml, "--workers", "1");
                    Print(output, bytes, "run -> " + format, result, baseline);
                    if (result.ExitCode != 0)
                        failures++;
                    Directory.Delete(runDir, recursive: true);
                }
                File.Delete(input);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return failures == 0 ? 0 : 1;
    }

    private static void Print(TextWriter output, long inputBytes, string label, Measurement m, Measurement baseline) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{inputBytes / 1e6,8:F0} MB {label,-22} {m.PeakRssBytes / 1e6,7:F0} MB {(double)m.PeakRssBytes / inputBytes,10:F2} {(double)m.PeakRssBytes / baseline.PeakRssBytes,13:F2} {m.Seconds,8:F1}  {(m.ExitCode == 0 ? "completed" : $"FAILED (exit {m.ExitCode}): {m.Error}")}"));

    /// <summary>Writes JSONL of real texts, joined until each document has at least <paramref name="docBytes"/> characters, up to <paramref name="size"/> bytes.</summary>
    private static long WriteInput(string path, List<string> texts, long size, int docBytes)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(file, DocumentJson.WriterOptions);
        var text = new System.Text.StringBuilder();
        long written = 0;
        for (int n = 0, next = 0; written < size; n++)
        {
            text.Clear();
            while (text.Length < docBytes)
                text.Append(texts[next++ % texts.Count]).Append("\n\n");
            json.WriteStartObject();
            json.WriteString("id", "doc-" + n.ToString(CultureInfo.InvariantCulture));
            json.WriteString("text", text.ToString());
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            file.WriteByte((byte)'\n');
            written = file.Position;
        }
        return written;
    }

    private sealed record Measurement(long PeakRssBytes, double Seconds, int ExitCode, string Error);

    /// <summary>Runs the CLI in a child process under the heap limit, sampling its peak resident set until it exits.</summary>
    private static Measurement Measure(long heapMb, params string[] args)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "yulandata.dll");
        var psi = new ProcessStartInfo("dotnet", ["exec", cli, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + (heapMb << 20).ToString("X", CultureInfo.InvariantCulture);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null && stderr.Length < 4000) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        long peak = 0;
        while (!p.WaitForExit(50))
            peak = Math.Max(peak, PeakRss(p.Id));
        p.WaitForExit();
        string error = stderr.ToString().Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))?.Trim() ?? "";
        return new Measurement(peak, sw.Elapsed.TotalSeconds, p.ExitCode, error.Length > 160 ? error[..160] : error);
    }

    /// <summary>VmHWM (the peak resident set so far) of a live process, in bytes; 0 once it is gone.</summary>
    private static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
