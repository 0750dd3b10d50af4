namespace YuLanData.Service.Runs;

/// <summary>One stage of a run's status.</summary>
/// <param name="Stage">The stage label.</param>
/// <param name="In">Documents entering the stage.</param>
/// <param name="Kept">Documents it kept.</param>
/// <param name="Dropped">Dropped documents per reason.</param>
/// <param name="Quarantined">Documents it failed on.</param>
/// <param name="DocsPerSecond">Documents per second of time spent in the stage (summed over workers), or null before any.</param>
public sealed record StageView(string Stage, long In, long Kept, SortedDictionary<string, long> Dropped, long Quarantined, double? DocsPerSecond)
{
    public static StageView From(StageCounts s) =>
        new(s.Stage, s.In, s.Out, new SortedDictionary<string, long>(s.Dropped.ToDictionary(), StringComparer.Ordinal), s.Quarantined, s.DocsPerSecond);
}
