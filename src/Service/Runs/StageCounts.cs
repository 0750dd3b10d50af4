namespace YuLanData.Service.Runs;

/// <summary>What one stage did, as read from a run's stats.</summary>
/// <param name="Stage">The stage label, <c>{position:00}_{name}</c>.</param>
/// <param name="In">Documents entering the stage.</param>
/// <param name="Out">Documents leaving it.</param>
/// <param name="Dropped">Dropped documents per reason code, sorted by reason.</param>
/// <param name="Quarantined">Documents the stage failed on.</param>
/// <param name="Seconds">Seconds spent in the stage, summed over tasks (0 when timings are missing).</param>
public sealed record StageCounts(string Stage, long In, long Out, IReadOnlyList<KeyValuePair<string, long>> Dropped, long Quarantined, double Seconds)
{
    /// <summary>Documents per second of stage time, or null without timings.</summary>
    public double? DocsPerSecond => Seconds > 0 ? In / Seconds : null;
}
