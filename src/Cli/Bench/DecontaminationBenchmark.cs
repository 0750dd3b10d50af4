using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using YuLanData.Filters;
using YuLanData.Filters.Decontamination;
using YuLanData.Jobs.Decontamination;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Cli.Bench;

/// <summary>
/// Throughput of the <c>decontaminate</c> stage on real web text against the read-only pass over the same files in
/// the same run. Usage: <c>bench decontam [--index INDEX | --config C.yaml] [--input GLOB ...] [--repeat N]</c>
/// (defaults: an index built from pipelines/decontam/all.yaml, input ../shared/data/web/*.jsonl*, best of 3).
/// </summary>
public sealed class DecontaminationBenchmark : IBenchmark
{
    public string Name => "decontam";

    public string Description => "decontaminate stage docs/s and MB/s on real web text vs the read-only pass";

    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        var inputs = new List<string>();
        string? indexPath = null, configPath = null;
        int repeat = 3;
        for (int i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--input": inputs.Add(arguments[++i]); break;
                case "--index": indexPath = arguments[++i]; break;
                case "--config": configPath = arguments[++i]; break;
                case "--repeat": repeat = int.Parse(arguments[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"bench decontam: unknown argument '{arguments[i]}'");
            }
        }
        if (inputs.Count == 0)
            inputs.Add("../shared/data/web/*.jsonl*");
        var files = inputs.SelectMany(Glob.Expand).Distinct().Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new ArgumentException($"bench decontam: no input files match {string.Join(", ", inputs)}");
        string? temp = null;
        if (indexPath == null)
        {
            configPath ??= "pipelines/decontam/all.yaml";
            var sw = Stopwatch.StartNew();
            var index = IndexBuild.Build([(DecontamConfig.Load(configPath), configPath)]);
            temp = Path.Combine(Path.GetTempPath(), $"yulandata-bench-decontam-{Environment.ProcessId}.idx");
            index.WriteFile(temp);
            indexPath = temp;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"index from {configPath}: {index.Items.Count:N0} items, {index.NgramCount:N0} n-grams, built in {sw.Elapsed.TotalSeconds:F2} s, {new FileInfo(temp).Length / 1e6:F1} MB"));
        }
        try
        {
            var loadWatch = Stopwatch.StartNew();
            var stage = new DecontaminateStage(new DecontaminateOptions { IndexPath = indexPath, Mode = DecontaminationMode.Annotate });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"index loaded in {loadWatch.Elapsed.TotalSeconds:F2} s"));
            long fileBytes = files.Sum(f => new FileInfo(f).Length);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench decontam: {files.Count} files, {fileBytes / 1e6:F1} MB on disk, best of {repeat}, 1 thread"));
            long docs = 0, jsonBytes = 0, textChars = 0, flagged = 0;
            double readSeconds = BenchTiming.Best(repeat, () =>
            {
                docs = 0;
                jsonBytes = 0;
                foreach (var f in files)
                    foreach (var r in Jobs.IO.DocumentReader.ReadFile(f))
                        if (r.Document != null)
                        {
                            docs++;
                            jsonBytes += r.Bytes;
                        }
            });
            double stageSeconds = BenchTiming.Best(repeat, () =>
            {
                flagged = 0;
                textChars = 0;
                foreach (var f in files)
                    foreach (var r in Jobs.IO.DocumentReader.ReadFile(f))
                        if (r.Document is { } d)
                        {
                            textChars += d.Text.Length;
                            stage.Apply(new FilterInput(d.Text, d.Id, d.Metadata));
                            if (d.Metadata.ContainsKey(DecontaminateStage.MetadataKey))
                                flagged++;
                        }
            });
            var texts = files.SelectMany(f => Jobs.IO.DocumentReader.ReadFile(f)).Where(r => r.Document != null).Select(r => r.Document!.Text).ToList();
            double matchSeconds = BenchTiming.Best(repeat, () =>
            {
                foreach (var t in texts)
                    stage.Apply(new FilterInput(t, "", new JsonObject()));
            });
            string Line(string what, double seconds) => string.Create(CultureInfo.InvariantCulture,
                $"{what,-34} {jsonBytes / 1e6 / seconds,8:F1} MB/s (JSON), {textChars / 1e6 / seconds,8:F1} M chars/s of text, {docs / seconds,10:N0} docs/s");
            output.WriteLine(Line("read+parse only (baseline)", readSeconds));
            output.WriteLine(Line("read+parse+decontaminate", stageSeconds) + string.Create(CultureInfo.InvariantCulture, $", ratio to read-only {readSeconds / stageSeconds:F3}"));
            output.WriteLine(Line("decontaminate only (texts in memory)", matchSeconds) + string.Create(CultureInfo.InvariantCulture, $", ratio to read-only {readSeconds / matchSeconds:F3}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{docs:N0} documents, {flagged:N0} flagged ({100.0 * flagged / Math.Max(1, docs):F4}%)"));
        }
        finally
        {
            if (temp != null)
                File.Delete(temp);
        }
        return 0;
    }
}
