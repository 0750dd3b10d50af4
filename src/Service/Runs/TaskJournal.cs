using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Execution;

namespace YuLanData.Service.Runs;

/// <summary>
/// What happened to each task of one run, as the service saw it: one JSON line per task start, finish or stop in
/// <c>{state}/runs/{id}/tasks.jsonl</c>, appended as it happens and kept across restarts. The run folder is left as
/// the engine writes it (so it stays byte-identical to a CLI run); per-task attempts and logs come from here.
/// </summary>
public sealed class TaskJournal
{
    /// <summary>Longest error message kept per line (a stage's exception text can be long).</summary>
    private const int MaxErrorChars = 4000;

    // One gate for every journal: appends are rare (two per task) and come from many task threads.
    private static readonly object _gate = new();

    /// <param name="path">The journal file (created on the first event).</param>
    public TaskJournal(string path) => Path = path;

    public string Path { get; }

    /// <summary>The journal of run <paramref name="id"/> in the service's state folder.</summary>
    public static TaskJournal For(RunStore store, string id) => new(System.IO.Path.Combine(store.RunDir(id), "tasks.jsonl"));

    /// <summary>Records one task event of the run's attempt <paramref name="runAttempt"/>.</summary>
    public void Append(TaskEvent e, int runAttempt)
    {
        var line = new JsonObject
        {
            ["task"] = e.Task,
            ["phase"] = e.Phase.ToString().ToLowerInvariant(),
            ["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["run_attempt"] = runAttempt,
        };
        if (e.Stats is { } s)
        {
            line["read"] = s.Read;
            line["kept"] = s.Kept;
            line["dropped"] = s.Dropped;
            line["quarantined"] = s.Quarantined;
            line["seconds"] = s.Seconds;
        }
        if (e.Error is { } error)
        {
            line["cancelled"] = error is OperationCanceledException;
            string message = error is AggregateException { InnerExceptions.Count: >= 1 } a ? a.InnerExceptions[0].Message : error.Message;
            line["error"] = message.Length > MaxErrorChars ? message[..MaxErrorChars] + "…" : message;
        }
        string text = line.ToJsonString() + "\n";
        try
        {
            lock (_gate)
                File.AppendAllText(Path, text);
        }
        catch (Exception x) when (x is IOException or UnauthorizedAccessException)
        {
            // A lost log line must not fail the task it describes.
        }
    }

    /// <summary>Every recorded entry in order; a torn last line (a crash mid-write) is skipped.</summary>
    public IReadOnlyList<TaskJournalEntry> Read()
    {
        var entries = new List<TaskJournalEntry>();
        lock (_gate)
        {
            if (!File.Exists(Path))
                return entries;
            foreach (var line in File.ReadLines(Path))
            {
                try
                {
                    if (JsonNode.Parse(line) is JsonObject o)
                        entries.Add(TaskJournalEntry.From(o));
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
                {
                }
            }
        }
        return entries;
    }
}
