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

    /// <summary>
    /// Told, on the task's own thread, when a task starts (<see cref="TaskPhase.Started"/>), finishes with its stats,
    /// or stops without finishing with the exception that stopped it; set before the run starts. A host keeps per-task
    /// attempts and logs with it.
    /// </summary>
    public Action<TaskEvent>? TaskObserver { get; set; }

    internal TaskStats Begin(int task = -1)
    {
        if (task >= 0)
            TaskObserver?.Invoke(new TaskEvent(task, TaskPhase.Started, null, null));
        var stats = new TaskStats { Task = task };
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
        if (stats.Task >= 0)
            TaskObserver?.Invoke(new TaskEvent(stats.Task, TaskPhase.Finished, stats, null));
    }

    /// <summary>Forgets a task that stopped without finishing (cancelled or failed): its numbers are not the run's.</summary>
    /// <param name="stats">The task's numbers so far.</param>
    /// <param name="error">What stopped it (an <see cref="OperationCanceledException"/> when cancelled).</param>
    internal void Discard(TaskStats stats, Exception? error = null)
    {
        lock (_gate)
            _live.Remove(stats);
        if (stats.Task >= 0)
            TaskObserver?.Invoke(new TaskEvent(stats.Task, TaskPhase.Stopped, null, error));
    }

    /// <summary>The tasks running now with the documents each has read so far (approximate).</summary>
    public IReadOnlyDictionary<int, long> RunningTasks()
    {
        lock (_gate)
            return _live.Where(t => t.Task >= 0).GroupBy(t => t.Task).ToDictionary(g => g.Key, g => g.Sum(t => t.Read));
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
