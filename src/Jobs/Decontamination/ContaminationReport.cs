using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Filters.Decontamination;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Decontamination;

/// <summary>Contamination of one benchmark in a run.</summary>
/// <param name="Benchmark">The benchmark name.</param>
/// <param name="ItemsTotal">Items in the index (null when no index was given).</param>
/// <param name="ItemsFound">Distinct items found in at least one document.</param>
/// <param name="DocumentsAffected">Documents with at least one hit of this benchmark.</param>
/// <param name="Actions">Documents per action taken (dropped, cut, annotated).</param>
/// <param name="TopSources">Sources with the most affected documents, most first (ties by name).</param>
/// <param name="TopItems">Items found in the most documents, most first.</param>
public sealed record BenchmarkContamination(string Benchmark, int? ItemsTotal, int ItemsFound, int DocumentsAffected,
    IReadOnlyDictionary<string, int> Actions, IReadOnlyList<KeyValuePair<string, int>> TopSources, IReadOnlyList<KeyValuePair<string, int>> TopItems);

/// <summary>
/// <c>contamination_report.json</c>: what the <c>decontaminate</c> stage found in a run, read back from the hits it
/// wrote into document metadata in <c>output/</c> and <c>excluded/</c> (so run the pipeline with
/// <c>exclusions: true</c> when the stage drops documents).
/// </summary>
public sealed record ContaminationReport(string Run, long DocumentsScanned, long DocumentsWithHits, IReadOnlyList<BenchmarkContamination> Benchmarks)
{
    /// <summary>The report's file name inside the run folder.</summary>
    public const string FileName = "contamination_report.json";

    /// <summary>One line per hit: document id, source, benchmark, item, n-gram, action.</summary>
    public const string HitsFileName = "contamination_hits.jsonl";

    /// <summary>Reads every output and exclusion file of <paramref name="runDir"/>; also writes the hits file there.</summary>
    /// <param name="runDir">A finished run folder.</param>
    /// <param name="index">The index the run used, to show item totals (optional).</param>
    /// <param name="top">How many sources and items to list per benchmark.</param>
    public static ContaminationReport FromRun(string runDir, NgramIndex? index, int top = 10)
    {
        var folder = new RunFolder(runDir);
        if (!Directory.Exists(folder.OutputDir))
            throw new RunFolderException($"{runDir}: no output/ folder: not a run folder");
        var files = new[] { folder.OutputDir, folder.ExcludedDir }.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => FileFormats.FromPath(f) != null && !f.Contains(Path.DirectorySeparatorChar + ".tmp"))
            .Order(StringComparer.Ordinal).ToList();
        var perBenchmark = new SortedDictionary<string, Accumulator>(StringComparer.Ordinal);
        if (index != null)
            foreach (var name in index.Benchmarks)
                perBenchmark[name] = new Accumulator();
        long scanned = 0, withHits = 0;
        string hitsPath = Path.Combine(runDir, HitsFileName);
        using (var hitsFile = new StreamWriter(hitsPath + ".tmp", false, new UTF8Encoding(false)))
        {
            foreach (var file in files)
                foreach (var result in DocumentReader.ReadFile(file))
                {
                    if (result.Document is not { } doc)
                        continue;
                    scanned++;
                    if (doc.Metadata[DecontaminateStage.MetadataKey] is not JsonObject record || record["hits"] is not JsonArray hits || hits.Count == 0)
                        continue;
                    withHits++;
                    string action = record["action"]?.GetValue<string>() ?? "";
                    var seen = new HashSet<string>();
                    foreach (var hit in hits.OfType<JsonObject>())
                    {
                        string benchmark = hit["benchmark"]?.GetValue<string>() ?? "?";
                        string item = hit["item"]?.GetValue<string>() ?? "?";
                        if (!perBenchmark.TryGetValue(benchmark, out var acc))
                            perBenchmark[benchmark] = acc = new Accumulator();
                        if (seen.Add(benchmark + "\n" + item))
                            acc.ItemDocs[item] = acc.ItemDocs.GetValueOrDefault(item) + 1;
                        if (seen.Add(benchmark))
                        {
                            acc.Documents++;
                            acc.Actions[action] = acc.Actions.GetValueOrDefault(action) + 1;
                            acc.Sources[doc.Source] = acc.Sources.GetValueOrDefault(doc.Source) + 1;
                        }
                        var line = new JsonObject
                        {
                            ["id"] = doc.Id, ["source"] = doc.Source, ["benchmark"] = benchmark, ["item"] = item,
                            ["ngram"] = hit["ngram"]?.DeepClone(), ["action"] = action,
                        };
                        hitsFile.WriteLine(line.ToJsonString());
                    }
                }
        }
        File.Move(hitsPath + ".tmp", hitsPath, overwrite: true);
        var benchmarks = perBenchmark.Select(kv =>
        {
            int? total = null;
            if (index != null)
            {
                int b = index.Benchmarks.ToList().IndexOf(kv.Key);
                total = b < 0 ? null : index.Items.Count(i => i.Benchmark == b);
            }
            return new BenchmarkContamination(kv.Key, total, kv.Value.ItemDocs.Count, kv.Value.Documents,
                new SortedDictionary<string, int>(kv.Value.Actions, StringComparer.Ordinal),
                Top(kv.Value.Sources, top), Top(kv.Value.ItemDocs, top));
        }).ToList();
        return new ContaminationReport(runDir, scanned, withHits, benchmarks);
    }

    private static List<KeyValuePair<string, int>> Top(Dictionary<string, int> counts, int top) =>
        counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top).ToList();

    /// <summary>The report as JSON (stable key order).</summary>
    public JsonObject ToJson() => new()
    {
        ["run"] = Run,
        ["documents_scanned"] = DocumentsScanned,
        ["documents_with_hits"] = DocumentsWithHits,
        ["benchmarks"] = new JsonArray(Benchmarks.Select(b => (JsonNode)new JsonObject
        {
            ["benchmark"] = b.Benchmark,
            ["items_total"] = b.ItemsTotal,
            ["items_found"] = b.ItemsFound,
            ["documents_affected"] = b.DocumentsAffected,
            ["actions"] = new JsonObject(b.Actions.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["top_sources"] = new JsonArray(b.TopSources.Select(kv => (JsonNode)new JsonObject { ["source"] = kv.Key, ["documents"] = kv.Value }).ToArray()),
            ["top_items"] = new JsonArray(b.TopItems.Select(kv => (JsonNode)new JsonObject { ["item"] = kv.Key, ["documents"] = kv.Value }).ToArray()),
        }).ToArray()),
    };

    /// <summary>Writes <c>contamination_report.json</c> into the run folder and returns its path.</summary>
    public string Write()
    {
        string path = Path.Combine(Run, FileName);
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    /// <summary>The printed table: one row per benchmark.</summary>
    public void WriteTable(TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DocumentsScanned:N0} documents scanned, {DocumentsWithHits:N0} with benchmark hits"));
        output.WriteLine($"{"benchmark",-14} {"items found",14} {"docs affected",14}  {"actions",-28} top sources");
        foreach (var b in Benchmarks)
        {
            string items = b.ItemsTotal is { } t ? $"{b.ItemsFound}/{t}" : b.ItemsFound.ToString(CultureInfo.InvariantCulture);
            string actions = string.Join(", ", b.Actions.Select(kv => $"{kv.Key} {kv.Value}"));
            string sources = string.Join(", ", b.TopSources.Take(3).Select(kv => $"{kv.Key} ({kv.Value})"));
            output.WriteLine($"{b.Benchmark,-14} {items,14} {b.DocumentsAffected,14}  {actions,-28} {sources}");
        }
    }

    private sealed class Accumulator
    {
        public int Documents;
        public readonly Dictionary<string, int> ItemDocs = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> Sources = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> Actions = new(StringComparer.Ordinal);
    }
}
