using YuLanData.Service.Runs;

namespace YuLanData.Service.Operations;

/// <summary>The JSON body a <see cref="CompletionWebhook"/> posts when a run ends.</summary>
/// <param name="Event">Always <c>run.ended</c>.</param>
/// <param name="Id">Service run id.</param>
/// <param name="Name">The pipeline's name.</param>
/// <param name="State"><c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="Output">The run folder.</param>
/// <param name="Submitted">When it was submitted.</param>
/// <param name="Started">When its latest attempt started.</param>
/// <param name="Finished">When it ended.</param>
/// <param name="Attempts">Attempts started.</param>
/// <param name="Read">Documents read.</param>
/// <param name="Kept">Documents kept.</param>
/// <param name="Dropped">Documents dropped.</param>
/// <param name="Quarantined">Documents quarantined.</param>
public sealed record RunEndedMessage(
    string Event, string Id, string Name, RunState State, string? Error, string Output,
    DateTimeOffset Submitted, DateTimeOffset? Started, DateTimeOffset? Finished, int Attempts,
    long Read, long Kept, long Dropped, long Quarantined)
{
    /// <summary>The message for a run's status.</summary>
    public static RunEndedMessage From(RunView v) =>
        new("run.ended", v.Id, v.Name, v.State, v.Error, v.Output, v.Submitted, v.Started, v.Finished, v.Attempts, v.Read, v.Kept, v.Dropped, v.Quarantined);
}
