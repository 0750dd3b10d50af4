using YuLanData.Service.Runs;

namespace YuLanData.Service.Launch;

/// <summary>
/// Which ended runs the service forgets (record and run folder): those that ended more than <see cref="KeepDays"/>
/// ago, and all but the newest <see cref="KeepRuns"/> ended runs. Queued and running runs are never chosen.
/// </summary>
/// <param name="KeepDays">Days an ended run is kept, or null for no age limit.</param>
/// <param name="KeepRuns">Ended runs kept (the newest by id), or null for no count limit.</param>
public sealed record RetentionPolicy(double? KeepDays, int? KeepRuns)
{
    /// <summary>Whether the policy removes anything at all.</summary>
    public bool IsActive => KeepDays != null || KeepRuns != null;

    /// <summary>The runs to remove now, oldest first.</summary>
    /// <param name="runs">Every run the service knows.</param>
    /// <param name="now">The current time.</param>
    public IReadOnlyList<RunRecord> Expired(IEnumerable<RunRecord> runs, DateTimeOffset now)
    {
        var ended = runs.Where(r => !r.IsActive).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var expired = new SortedSet<string>(StringComparer.Ordinal);
        if (KeepDays is { } days)
            foreach (var r in ended.Where(r => now - (r.Finished ?? r.Submitted) > TimeSpan.FromDays(days)))
                expired.Add(r.Id);
        if (KeepRuns is { } keep)
            foreach (var r in ended.Take(Math.Max(0, ended.Count - keep)))
                expired.Add(r.Id);
        return ended.Where(r => expired.Contains(r.Id)).ToArray();
    }
}
