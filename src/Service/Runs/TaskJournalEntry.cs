using System.Globalization;
using System.Text.Json.Nodes;

namespace YuLanData.Service.Runs;

/// <summary>One line of a <see cref="TaskJournal"/>.</summary>
/// <param name="Task">The task index.</param>
/// <param name="Phase"><c>started</c>, <c>finished</c> or <c>stopped</c>.</param>
/// <param name="At">When it happened.</param>
/// <param name="RunAttempt">The run's attempt (1 for the first start, more after a restart or resubmission).</param>
/// <param name="Read">Documents read (finished tasks).</param>
/// <param name="Kept">Documents kept (finished tasks).</param>
/// <param name="Seconds">The task's own seconds (finished tasks).</param>
/// <param name="Cancelled">True when a stop was a cancel or shutdown, not a failure.</param>
/// <param name="Error">What stopped the task.</param>
public sealed record TaskJournalEntry(int Task, string Phase, DateTimeOffset At, int RunAttempt, long? Read, long? Kept, double? Seconds, bool Cancelled, string? Error)
{
    internal static TaskJournalEntry From(JsonObject o) => new(
        o["task"]!.GetValue<int>(),
        o["phase"]!.GetValue<string>(),
        DateTimeOffset.Parse(o["at"]!.GetValue<string>(), CultureInfo.InvariantCulture),
        o["run_attempt"]?.GetValue<int>() ?? 0,
        o["read"]?.GetValue<long>(),
        o["kept"]?.GetValue<long>(),
        o["seconds"]?.GetValue<double>(),
        o["cancelled"]?.GetValue<bool>() ?? false,
        o["error"]?.GetValue<string>());

    /// <summary>The entry as one log line.</summary>
    public string LogLine()
    {
        string when = At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string what = Phase switch
        {
            "started" => "started",
            "finished" => string.Create(CultureInfo.InvariantCulture, $"finished: read {Read}, kept {Kept}, {Seconds:0.###} s"),
            _ => Cancelled ? "stopped (cancelled or service stopping): " + Error : "failed: " + Error,
        };
        return $"{when} task {Task} (run attempt {RunAttempt}) {what}";
    }
}
