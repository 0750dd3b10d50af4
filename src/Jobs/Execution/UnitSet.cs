namespace YuLanData.Jobs.Execution;

/// <summary>
/// A set of work units of a job (the tasks of a pipeline run, the bands of a dedup stage...): <see cref="Count"/>
/// units, each run on its own and marked complete by files it writes last, so a rerun skips it. A set starts only
/// once every set it <see cref="DependsOn"/> is complete (as datatrove's <c>depends=</c>). Units of one set may run
/// at once, in threads or in separate processes (Slurm array tasks), and each writes only its own files.
/// </summary>
public sealed class UnitSet
{
    /// <summary>The set's name, unique in its job (in messages, Slurm script and log names).</summary>
    public required string Name { get; init; }

    /// <summary>How many units the set has (numbered 0 to Count-1).</summary>
    public required int Count { get; init; }

    /// <summary>Names of earlier sets of the job that must be complete before any unit of this one runs.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Whether unit (argument) is complete: its completion marker exists.</summary>
    public required Func<int, bool> IsComplete { get; init; }

    /// <summary>Runs unit (first argument) and writes its completion marker last; the token stops it early.</summary>
    public required Action<int, CancellationToken> RunUnit { get; init; }

    /// <summary>
    /// Deletes the set's outputs, markers included; called before running when a set it depends on (directly or
    /// not) has unfinished units, whose new output would make this set's results stale. Null: nothing to delete.
    /// </summary>
    public Action? Discard { get; init; }

    /// <summary>The units without a completion marker, in ascending order.</summary>
    public List<int> PendingUnits() => Enumerable.Range(0, Count).Where(u => !IsComplete(u)).ToList();
}
