using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Reads and writes stats files. Counts go to <c>stats/{task}.json</c> and <c>stats.json</c>, which are the same
/// bytes for the same input and config whatever the executor or worker count; seconds go beside them to
/// <c>timings/{task}.json</c> and <c>timings.json</c>.
/// </summary>
public static class StatsFiles
{
    private static readonly JsonSerializerOptions CountsOnly = new(JsonOutput.Indented)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    for (int i = info.Properties.Count - 1; i >= 0; i--)
                        if (info.Properties[i].Name == "seconds")
                            info.Properties.RemoveAt(i);
                },
            },
        },
    };

    public static string CountsJson(TaskStats stats) => JsonSerializer.Serialize(stats, CountsOnly);

    public static string TimingsJson(TaskStats stats) => new JsonObject
    {
        ["seconds"] = stats.Seconds,
        ["stages"] = new JsonObject(stats.Stages.Select(s => KeyValuePair.Create(s.Stage, (JsonNode?)JsonValue.Create(s.Seconds)))),
    }.ToJsonString(JsonOutput.Indented);

    public static void WriteTask(RunFolder folder, int task, TaskStats stats)
    {
        AtomicFile.WriteAllText(folder.TaskTimings(task), TimingsJson(stats));
        AtomicFile.WriteAllText(folder.TaskStats(task), CountsJson(stats));
    }

    /// <summary>Reads a task's counts and, when present, its timings.</summary>
    public static TaskStats ReadTask(RunFolder folder, int task)
    {
        string path = folder.TaskStats(task);
        if (!File.Exists(path))
            throw new RunFolderException($"{path} is missing: task {task} has not finished");
        var stats = JsonSerializer.Deserialize<TaskStats>(File.ReadAllText(path), JsonOutput.Indented)
            ?? throw new RunFolderException($"{path} is empty");
        if (File.Exists(folder.TaskTimings(task)) && JsonNode.Parse(File.ReadAllText(folder.TaskTimings(task))) is JsonObject t)
        {
            stats.Seconds = t["seconds"]?.GetValue<double>() ?? 0;
            foreach (var s in stats.Stages)
                s.Seconds = t["stages"]?[s.Stage]?.GetValue<double>() ?? 0;
        }
        return stats;
    }

    /// <summary>Merges the stats of tasks 0..tasks-1 into <c>stats.json</c> and <c>timings.json</c>, then checks the accounting.</summary>
    public static TaskStats Merge(RunFolder folder, int tasks)
    {
        var merged = new TaskStats();
        for (int i = 0; i < tasks; i++)
            merged.Add(ReadTask(folder, i));
        merged.Tasks = tasks;
        merged.SkippedInputs = SkippedInputs(folder);
        AtomicFile.WriteAllText(folder.MergedTimings, TimingsJson(merged));
        AtomicFile.WriteAllText(folder.MergedStats, CountsJson(merged));
        if (!merged.Balanced)
            throw new AccountingException(merged.Balance);
        return merged;
    }

    /// <summary>The inputs the run skipped, counted by reason, from <c>run.json</c>; null when it lists none.</summary>
    private static SortedDictionary<string, long>? SkippedInputs(RunFolder folder)
    {
        if (!File.Exists(folder.RunFile) || JsonNode.Parse(File.ReadAllText(folder.RunFile))?["skipped_inputs"] is not JsonArray list || list.Count == 0)
            return null;
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            string reason = item?["reason"]?.ToString() ?? "unknown";
            counts[reason] = counts.GetValueOrDefault(reason) + 1;
        }
        return counts;
    }

    /// <summary>Reads the merged stats of a finished run, with timings when present.</summary>
    public static TaskStats ReadMerged(RunFolder folder)
    {
        var stats = JsonSerializer.Deserialize<TaskStats>(File.ReadAllText(folder.MergedStats), JsonOutput.Indented)!;
        if (File.Exists(folder.MergedTimings) && JsonNode.Parse(File.ReadAllText(folder.MergedTimings)) is JsonObject t)
        {
            stats.Seconds = t["seconds"]?.GetValue<double>() ?? 0;
            foreach (var s in stats.Stages)
                s.Seconds = t["stages"]?[s.Stage]?.GetValue<double>() ?? 0;
        }
        return stats;
    }
}
