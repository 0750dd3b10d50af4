using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Execution;

namespace YuLanData.Service.Runs;

/// <summary>
/// The per-task table of a run: the plan and completion markers and per-task stats of its run folder, the service's
/// <see cref="TaskJournal"/> (attempts, start and end times, errors), the live numbers of running tasks, and the
/// Slurm submissions when the folder was run on Slurm.
/// </summary>
public static class RunTasks
{
    /// <summary>Largest page of tasks one request gets.</summary>
    public const int MaxPage = 1000;

    /// <summary>Bytes of a Slurm task log shown (its end).</summary>
    public const int MaxLogBytes = 64 * 1024;

    /// <summary>Tasks <paramref name="offset"/> to <paramref name="offset"/>+<paramref name="limit"/> of the run.</summary>
    /// <param name="runFolder">The run folder (already resolved inside the roots).</param>
    /// <param name="journal">The run's task journal entries.</param>
    /// <param name="running">Tasks running now with documents read so far, or null when the run is not running.</param>
    /// <param name="offset">First task index shown.</param>
    /// <param name="limit">Tasks shown at most (capped at <see cref="MaxPage"/>).</param>
    /// <returns>The total task count (0 before the run is prepared) and the page.</returns>
    public static (int Total, IReadOnlyList<TaskView> Tasks) Page(string runFolder, IReadOnlyList<TaskJournalEntry> journal,
        IReadOnlyDictionary<int, long>? running, int offset, int limit)
    {
        var folder = new RunFolder(runFolder);
        var plan = ReadPlan(folder);
        var byTask = journal.GroupBy(e => e.Task).ToDictionary(g => g.Key, g => g.ToList());
        var slurm = SlurmJobsByTask(folder);
        var now = DateTimeOffset.UtcNow;
        var page = new List<TaskView>();
        for (int t = Math.Max(0, offset); t < plan.Count && page.Count < Math.Clamp(limit, 0, MaxPage); t++)
        {
            var entries = byTask.GetValueOrDefault(t) ?? [];
            var last = entries.LastOrDefault();
            var lastStart = entries.LastOrDefault(e => e.Phase == "started");
            int attempts = entries.Count(e => e.Phase == "started");
            var jobs = slurm.GetValueOrDefault(t) ?? [];
            string host = jobs.Count > 0 ? "slurm" : "local";
            var (input, range) = plan[t];
            if (folder.IsComplete(t))
            {
                TaskStats? stats = null;
                try
                {
                    stats = StatsFiles.ReadTask(folder, t);
                }
                catch (Exception e) when (e is IOException or JsonException or RunFolderException or InvalidOperationException)
                {
                }
                var finish = entries.LastOrDefault(e => e.Phase == "finished");
                page.Add(new TaskView(t, input, range, "done", stats?.Read, stats?.Kept, stats?.Dropped, stats?.Quarantined, stats?.Seconds,
                    attempts, lastStart?.At, finish?.At, host, jobs, null));
            }
            else if (running != null && running.TryGetValue(t, out long read))
                page.Add(new TaskView(t, input, range, "running", read, null, null, null, lastStart == null ? null : (now - lastStart.At).TotalSeconds,
                    attempts, lastStart?.At, null, host, jobs, null));
            else
            {
                string state = last?.Phase switch
                {
                    "stopped" when !last.Cancelled => "failed",
                    "stopped" or "started" => "stopped", // cancelled, or interrupted by a crash or shutdown
                    _ => "pending",
                };
                page.Add(new TaskView(t, input, range, state, null, null, null, null, null, attempts, lastStart?.At,
                    last?.Phase == "stopped" ? last.At : null, host, jobs, state == "failed" ? last!.Error : null));
            }
        }
        return (plan.Count, page);
    }

    /// <summary>
    /// The log of one task: the service's journal lines for it, then the end of its Slurm log
    /// (<c>slurm/logs/task-N.out</c>) when the run went to Slurm.
    /// </summary>
    /// <param name="slurmLog">The task's Slurm log file, already resolved inside the run folder, or null.</param>
    public static string Log(int task, IReadOnlyList<TaskJournalEntry> journal, string? slurmLog)
    {
        var text = new System.Text.StringBuilder();
        foreach (var e in journal.Where(e => e.Task == task))
            text.Append(e.LogLine()).Append('\n');
        if (slurmLog != null && File.Exists(slurmLog))
        {
            using var stream = new FileStream(slurmLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            long start = Math.Max(0, stream.Length - MaxLogBytes);
            stream.Position = start;
            using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
            text.Append(CultureInfo.InvariantCulture, $"--- slurm/logs/task-{task}.out{(start > 0 ? $" (last {MaxLogBytes} bytes)" : "")} ---\n");
            text.Append(reader.ReadToEnd());
        }
        if (text.Length == 0)
            text.Append(CultureInfo.InvariantCulture, $"task {task}: nothing recorded yet (the service logs each start, finish and failure)\n");
        return text.ToString();
    }

    /// <summary>The input file and part of it each task reads, from <c>plan.json</c> (empty before the run is prepared).</summary>
    private static IReadOnlyList<(string Input, string Range)> ReadPlan(RunFolder folder)
    {
        if (!File.Exists(folder.PlanFile))
            return [];
        try
        {
            if (JsonNode.Parse(File.ReadAllText(folder.PlanFile)) is not JsonArray slices)
                return [];
            return slices.Select(s => Describe(s as JsonObject)).ToArray();
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    private static (string, string) Describe(JsonObject? slice)
    {
        JsonNode? Field(string name) => slice?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        string path = Field("path")?.ToString() ?? "";
        long start = Field("start")?.GetValue<long>() ?? 0, end = Field("end")?.GetValue<long>() ?? -1;
        string format = Field("format")?.ToString() ?? "";
        string unit = Enum.TryParse<YuLanData.Jobs.IO.FileFormat>(format, ignoreCase: true, out var f) && f == YuLanData.Jobs.IO.FileFormat.Parquet ? "row groups" : "bytes";
        string range = start == 0 && end < 0 ? "whole file" : $"{unit} {start}-{(end < 0 ? "end" : end.ToString(CultureInfo.InvariantCulture))}";
        return (path, range);
    }

    /// <summary>Array job ids per task, from <c>slurm/submissions.jsonl</c> (empty when the run never went to Slurm).</summary>
    private static Dictionary<int, List<string>> SlurmJobsByTask(RunFolder folder)
    {
        var result = new Dictionary<int, List<string>>();
        string path = Path.Combine(folder.SlurmDir, "submissions.jsonl");
        if (!File.Exists(path))
            return result;
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (JsonNode.Parse(line) is not JsonObject o || o["array_jobs"] is not JsonArray jobs || o["tasks"] is not JsonArray tasks)
                    continue;
                var ids = jobs.Select(j => j!.ToString()).ToArray();
                foreach (var t in tasks)
                {
                    int task = t!.GetValue<int>();
                    if (!result.TryGetValue(task, out var list))
                        result[task] = list = [];
                    list.AddRange(ids);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
            }
        }
        return result;
    }
}
