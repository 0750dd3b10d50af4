using YuLanData.Service.Runs;

namespace YuLanData.Service.Analysis;

/// <summary>
/// Why a run's documents went (<c>GET /api/runs/{id}/drops</c>): per stage, the drop reasons with counts and
/// percentages, from the same numbers as the run's status (live while running, <c>stats.json</c> when done), and the
/// accounting check <c>read = kept + dropped + quarantined</c>.
/// </summary>
/// <param name="Read">Documents read.</param>
/// <param name="Kept">Documents kept at the end.</param>
/// <param name="Dropped">Documents dropped by every stage.</param>
/// <param name="Quarantined">Records unreadable or failed on.</param>
/// <param name="Balanced">True when <c>read = kept + dropped + quarantined</c>.</param>
/// <param name="Stages">Per stage, in pipeline order.</param>
/// <param name="Final">Whether the numbers are the run's final ones (false while it runs or after it stopped early).</param>
public sealed record DropAnalysis(long Read, long Kept, long Dropped, long Quarantined, bool Balanced, IReadOnlyList<StageDrops> Stages, bool Final)
{
    /// <summary>The analysis of a run's status.</summary>
    public static DropAnalysis Of(RunView run)
    {
        var stages = run.Stages.Select(s =>
        {
            long dropped = s.Dropped.Values.Sum();
            var reasons = s.Dropped
                .OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => new DropReason(d.Key, d.Value, Percent(d.Value, s.In), Percent(d.Value, run.Read)))
                .ToArray();
            return new StageDrops(s.Stage, s.In, s.Kept, dropped, s.Quarantined, Percent(dropped, s.In), reasons);
        }).ToArray();
        return new DropAnalysis(run.Read, run.Kept, run.Dropped, run.Quarantined,
            run.Read == run.Kept + run.Dropped + run.Quarantined, stages, run.State == RunState.Succeeded);
    }

    private static double Percent(long part, long whole) => whole > 0 ? Math.Round(100.0 * part / whole, 2) : 0;
}
