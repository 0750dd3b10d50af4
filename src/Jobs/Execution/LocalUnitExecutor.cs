using System.Collections.Concurrent;
using System.Diagnostics;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Runs a <see cref="UnitJob"/> on this machine: set after set, the unfinished units of each set in parallel.
/// Units are fixed by the job (not by the worker count) and each writes only its own files, so output bytes are
/// the same for any number of workers; finished units are skipped, so running again after a crash resumes.
/// </summary>
/// <param name="workers">Units run at once (at least 1).</param>
public sealed class LocalUnitExecutor(int workers)
{
    private readonly int _workers = Math.Max(1, workers);

    /// <summary>Called on the worker thread after each finished unit (set, unit); for progress and tests. An
    /// exception it throws fails the run like one of the unit's own.</summary>
    public Action<UnitSet, int>? UnitFinished { get; init; }

    /// <summary>
    /// Runs every unfinished unit of <paramref name="job"/> with its lock held. Failures of units come out as
    /// <see cref="AggregateException"/> (as from <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, ParallelOptions, Action{TSource})"/>);
    /// cancelling stops before the next unit and throws <see cref="OperationCanceledException"/>; either way the
    /// later sets do not start and finished units stay finished.
    /// </summary>
    /// <returns>Per set, in the job's order: the units run by this call and the seconds it spent on the set.</returns>
    public IReadOnlyList<(int UnitsRun, double Seconds)> Run(UnitJob job, CancellationToken cancel = default)
    {
        using var runLock = job.AcquireLock();
        job.Prepare?.Invoke();
        job.DiscardStale();
        var result = new List<(int, double)>();
        foreach (var set in job.Sets)
        {
            var started = Stopwatch.GetTimestamp();
            var pending = set.PendingUnits();
            int ran = 0;
            var options = new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancel };
            Parallel.ForEach(Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering), options, unit =>
            {
                set.RunUnit(unit, cancel);
                Interlocked.Increment(ref ran);
                UnitFinished?.Invoke(set, unit);
            });
            result.Add((ran, Stopwatch.GetElapsedTime(started).TotalSeconds));
        }
        return result;
    }

    /// <summary>
    /// Runs one unit of a job whose units run in separate processes (what a Slurm array task does), without the
    /// job's lock: other units of the set may run at once. Returns false when the unit was already complete.
    /// </summary>
    /// <exception cref="ArgumentException">No such set or unit.</exception>
    /// <exception cref="RunFolderException">A set it depends on has unfinished units.</exception>
    public static bool RunOne(UnitJob job, string setName, int unit, CancellationToken cancel = default)
    {
        var set = job.Set(setName);
        if (unit < 0 || unit >= set.Count)
            throw new ArgumentException($"{set.Name} unit {unit} is out of range: the set has units 0..{set.Count - 1}");
        foreach (var dependency in set.DependsOn.Select(job.Set))
            if (dependency.PendingUnits() is [int first, ..])
                throw new RunFolderException($"{job.Root}: {dependency.Name} unit {first} has not finished");
        if (set.IsComplete(unit))
            return false;
        set.RunUnit(unit, cancel);
        return true;
    }
}
