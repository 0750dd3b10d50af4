namespace YuLanData.Service.Runs;

/// <summary>
/// A run's status as the API returns it: the record, task progress, document counts per stage, throughput and an
/// estimate of the time left. Counts come from the live progress while running and from <c>stats.json</c> after.
/// </summary>
/// <param name="TasksTotal">Tasks of the run (0 until it is prepared).</param>
/// <param name="TasksDone">Tasks finished, including those finished by earlier attempts.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds of the latest attempt.</param>
/// <param name="DocsPerSecond">Documents read per wall-clock second in the latest attempt.</param>
/// <param name="EtaSeconds">Estimated seconds left, from the pace of tasks finished in this attempt; null until one finishes.</param>
public sealed record RunView(
    string Id,
    string Name,
    RunState State,
    string Pipeline,
    string Output,
    int Workers,
    DateTimeOffset Submitted,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    string? Error,
    int Attempts,
    int TasksTotal,
    int TasksDone,
    long Read,
    long Kept,
    long Dropped,
    long Quarantined,
    double ElapsedSeconds,
    double? DocsPerSecond,
    double? EtaSeconds,
    IReadOnlyList<StageView> Stages,
    string? ReportError);
