namespace YuLanData.Jobs.Execution;

/// <summary>Live view of a run for progress display; read from another thread, so numbers are approximate while it runs.</summary>
public sealed class RunProgress
{
    private readonly List<TaskStats> _live = [];
    private readonly TaskStats _finished = new();
    private readonly object _gate = new();

    public int TotalTasks { get; init; }

    public int SkippedTasks { get; init; }

    public int DoneTasks { get; private set; }

    public string[] StageLabels { get; init; } = [];

    internal TaskStats Begin()
    {
        var stats = new TaskStats();
        lock (_gate)
            _live.Add(stats);
        return stats;
    }

    internal void End(TaskStats stats)
    {
        lock (_gate)
        {
            _live.Remove(stats);
            _finished.Add(stats);
            DoneTasks++;
        }
    }

    /// <summary>Forgets a task that stopped without finishing (cancelled or failed): its numbers are not the run's.</summary>
    internal void Discard(TaskStats stats)
    {
        lock (_gate)
            _live.Remove(stats);
    }

    /// <summary>A merged copy of finished and running tasks' numbers.</summary>
    public TaskStats Snapshot()
    {
        lock (_gate)
        {
            var total = new TaskStats { Stages = StageLabels.Select(l => new StageStats { Stage = l }).ToList() };
            total.Add(_finished);
            foreach (var live in _live)
            {
                try
                {
                    total.Add(live);
                }
                catch (InvalidOperationException)
                {
                    // A running task's dictionaries may change under us; its numbers show up on the next refresh.
                }
            }
            return total;
        }
    }
}
