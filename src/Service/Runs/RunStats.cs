using System.Text.Json.Nodes;

namespace YuLanData.Service.Runs;

/// <summary>
/// A run's counts as written by the engine to <c>stats.json</c> (and seconds from <c>timings.json</c>), read as
/// plain JSON so the service does not depend on the engine's types.
/// </summary>
public sealed record RunStats(
    int Tasks,
    long Read,
    long ReadBytes,
    long Kept,
    IReadOnlyList<KeyValuePair<string, long>> ReadQuarantined,
    IReadOnlyList<KeyValuePair<string, long>> FileErrors,
    IReadOnlyList<StageCounts> Stages,
    double Seconds)
{
    public long Dropped => Stages.Sum(s => s.Dropped.Sum(d => d.Value));

    public long Quarantined => ReadQuarantined.Sum(q => q.Value) + Stages.Sum(s => s.Quarantined);

    /// <summary>Parses the engine's stats JSON and, when given, its timings JSON.</summary>
    /// <param name="statsJson">Text of <c>stats.json</c> (or a live snapshot in the same form).</param>
    /// <param name="timingsJson">Text of <c>timings.json</c>, or null.</param>
    /// <param name="source">Names the stats in error messages.</param>
    /// <exception cref="InvalidDataException">The text is not stats JSON.</exception>
    public static RunStats Parse(string statsJson, string? timingsJson, string source)
    {
        JsonObject stats, timings;
        try
        {
            stats = JsonNode.Parse(statsJson) as JsonObject ?? throw new InvalidDataException($"{source}: not a JSON object");
            timings = (timingsJson == null ? null : JsonNode.Parse(timingsJson) as JsonObject) ?? [];
            var stageSeconds = timings["stages"] as JsonObject;
            var stages = (stats["stages"] as JsonArray ?? []).Select(n =>
            {
                var s = n as JsonObject ?? throw new InvalidDataException($"{source}: a stage entry is not an object");
                string label = s["stage"]?.GetValue<string>() ?? throw new InvalidDataException($"{source}: a stage has no label");
                return new StageCounts(label, Long(s, "in"), Long(s, "out"), Counts(s["dropped"]), Long(s, "quarantined"),
                    stageSeconds?[label]?.GetValue<double>() ?? 0);
            }).ToArray();
            return new RunStats((int)Long(stats, "tasks"), Long(stats, "read"), Long(stats, "read_bytes"), Long(stats, "kept"),
                Counts(stats["read_quarantined"]), Counts(stats["file_errors"]), stages, timings["seconds"]?.GetValue<double>() ?? 0);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: not valid stats JSON ({e.Message})", e);
        }
    }

    /// <summary>Reads <c>stats.json</c> and <c>timings.json</c> of a finished run, or null when the run has not finished.</summary>
    public static RunStats? ReadFolder(string runFolder)
    {
        string statsPath = Path.Combine(runFolder, "stats.json");
        if (!File.Exists(statsPath))
            return null;
        string timingsPath = Path.Combine(runFolder, "timings.json");
        return Parse(File.ReadAllText(statsPath), File.Exists(timingsPath) ? File.ReadAllText(timingsPath) : null, statsPath);
    }

    /// <summary>
    /// Merges the stats of the tasks of <paramref name="runFolder"/> that have a completion marker (an unfinished
    /// run's numbers so far); null when none has finished.
    /// </summary>
    public static RunStats? ReadCompletedTasks(string runFolder)
    {
        string completed = Path.Combine(runFolder, "completed");
        if (!Directory.Exists(completed))
            return null;
        RunStats? total = null;
        foreach (var marker in Directory.EnumerateFiles(completed).Order(StringComparer.Ordinal))
        {
            string task = Path.GetFileName(marker);
            string stats = Path.Combine(runFolder, "stats", task + ".json"), timings = Path.Combine(runFolder, "timings", task + ".json");
            if (!File.Exists(stats))
                continue;
            var one = Parse(File.ReadAllText(stats), File.Exists(timings) ? File.ReadAllText(timings) : null, stats) with { Tasks = 1 };
            total = total == null ? one : Merge(total, one);
        }
        return total;
    }

    /// <summary>Adds two runs' (or tasks') numbers; stages are matched by position, counts per reason by key.</summary>
    public static RunStats Merge(RunStats a, RunStats b)
    {
        int n = Math.Max(a.Stages.Count, b.Stages.Count);
        var stages = new StageCounts[n];
        for (int i = 0; i < n; i++)
        {
            var x = i < a.Stages.Count ? a.Stages[i] : null;
            var y = i < b.Stages.Count ? b.Stages[i] : null;
            stages[i] = x == null ? y! : y == null ? x : new StageCounts(x.Stage, x.In + y.In, x.Out + y.Out, Sum(x.Dropped, y.Dropped), x.Quarantined + y.Quarantined, x.Seconds + y.Seconds);
        }
        return new RunStats(a.Tasks + b.Tasks, a.Read + b.Read, a.ReadBytes + b.ReadBytes, a.Kept + b.Kept,
            Sum(a.ReadQuarantined, b.ReadQuarantined), Sum(a.FileErrors, b.FileErrors), stages, a.Seconds + b.Seconds);
    }

    private static IReadOnlyList<KeyValuePair<string, long>> Sum(IReadOnlyList<KeyValuePair<string, long>> a, IReadOnlyList<KeyValuePair<string, long>> b)
    {
        var total = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in a.Concat(b))
            total[k] = total.GetValueOrDefault(k) + v;
        return total.ToArray();
    }

    private static long Long(JsonObject o, string key) => o[key]?.GetValue<long>() ?? 0;

    private static IReadOnlyList<KeyValuePair<string, long>> Counts(JsonNode? node) =>
        node is JsonObject o
            ? o.Select(p => KeyValuePair.Create(p.Key, p.Value?.GetValue<long>() ?? 0)).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray()
            : [];
}
