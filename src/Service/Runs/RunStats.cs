using System.Text.Json;
using YuLanData.Jobs.Execution;

namespace YuLanData.Service.Runs;

/// <summary>A run's counts and seconds as the service shows them, taken from the engine's <see cref="TaskStats"/>.</summary>
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

    /// <summary>The service's view of the engine's stats of a run, a task or a live snapshot.</summary>
    public static RunStats From(TaskStats stats) =>
        new(stats.Tasks, stats.Read, stats.ReadBytes, stats.Kept, stats.ReadQuarantined.ToArray(), stats.FileErrors.ToArray(),
            stats.Stages.Select(s => new StageCounts(s.Stage, s.In, s.Out, s.Dropped.ToArray(), s.Quarantined, s.Seconds)).ToArray(),
            stats.Seconds);

    /// <summary>Reads <c>stats.json</c> and <c>timings.json</c> of a finished run, or null when the run has not finished.</summary>
    /// <exception cref="InvalidDataException">stats.json is not stats JSON.</exception>
    public static RunStats? ReadFolder(string runFolder)
    {
        var folder = new RunFolder(runFolder);
        if (!File.Exists(folder.MergedStats))
            return null;
        return Guarded(folder.MergedStats, () => From(StatsFiles.ReadMerged(folder)));
    }

    /// <summary>
    /// Merges the stats of the tasks of <paramref name="runFolder"/> that have a completion marker (an unfinished
    /// run's numbers so far); null when none has finished.
    /// </summary>
    /// <exception cref="InvalidDataException">A task's stats file is not stats JSON.</exception>
    public static RunStats? ReadCompletedTasks(string runFolder)
    {
        var folder = new RunFolder(runFolder);
        if (!Directory.Exists(folder.CompletedDir))
            return null;
        RunStats? total = null;
        foreach (var marker in Directory.EnumerateFiles(folder.CompletedDir).Order(StringComparer.Ordinal))
        {
            if (!int.TryParse(Path.GetFileName(marker), out int task) || !File.Exists(folder.TaskStats(task)))
                continue;
            var one = Guarded(folder.TaskStats(task), () => From(StatsFiles.ReadTask(folder, task))) with { Tasks = 1 };
            total = total == null ? one : Merge(total, one);
        }
        return total;
    }

    private static RunStats Guarded(string path, Func<RunStats> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not valid stats JSON ({e.Message})", e);
        }
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
}
