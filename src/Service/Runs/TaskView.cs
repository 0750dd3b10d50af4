namespace YuLanData.Service.Runs;

/// <summary>One task of a run as <c>GET /api/runs/{id}/tasks</c> shows it.</summary>
/// <param name="Task">The task index in the run's plan.</param>
/// <param name="Input">The input file the task reads (as the pipeline matched it).</param>
/// <param name="Range">The part of it: <c>bytes A-B</c> (JSONL), <c>row groups A-B</c> (Parquet) or <c>whole file</c>.</param>
/// <param name="State"><c>done</c>, <c>running</c>, <c>failed</c>, <c>stopped</c> (cancelled or interrupted) or <c>pending</c>.</param>
/// <param name="Read">Documents read (live while running).</param>
/// <param name="Kept">Documents kept (finished tasks).</param>
/// <param name="Dropped">Documents dropped (finished tasks).</param>
/// <param name="Quarantined">Documents quarantined (finished tasks).</param>
/// <param name="Seconds">The task's own seconds (finished), or seconds since it started (running).</param>
/// <param name="Attempts">Times the service started the task (0 when it ran before the service saw it, e.g. by the CLI).</param>
/// <param name="Started">When its latest attempt started.</param>
/// <param name="Ended">When its latest attempt finished or stopped.</param>
/// <param name="Host">Where it ran: <c>local</c>, or <c>slurm</c> for a run folder submitted to Slurm.</param>
/// <param name="SlurmJobs">The Slurm array job ids of the submissions that included the task, when it went to Slurm.</param>
/// <param name="Error">Why its latest attempt failed.</param>
public sealed record TaskView(
    int Task,
    string Input,
    string Range,
    string State,
    long? Read,
    long? Kept,
    long? Dropped,
    long? Quarantined,
    double? Seconds,
    int Attempts,
    DateTimeOffset? Started,
    DateTimeOffset? Ended,
    string Host,
    IReadOnlyList<string> SlurmJobs,
    string? Error);
