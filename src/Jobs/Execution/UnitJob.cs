namespace YuLanData.Jobs.Execution;

/// <summary>
/// A job: one or more <see cref="UnitSet"/>s in one run folder, listed so that each set comes after the sets it
/// depends on. A pipeline run is one set; a dedup run is three (signatures, buckets, clusters). The executors
/// (<see cref="LocalUnitExecutor"/>, <see cref="SlurmJobSubmitter"/>) run any job the same way.
/// </summary>
public sealed class UnitJob
{
    /// <param name="root">The run folder; its <c>.lock</c> file keeps a second run out while one runs.</param>
    /// <param name="kind">What the job is, for messages ("run", "dedup run").</param>
    /// <param name="sets">The sets, each after the sets it depends on.</param>
    /// <exception cref="ArgumentException">Two sets share a name, or a set depends on one not listed before it.</exception>
    public UnitJob(string root, string kind, IReadOnlyList<UnitSet> sets)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var dependency in set.DependsOn)
                if (!seen.Contains(dependency))
                    throw new ArgumentException($"unit set {set.Name} depends on {dependency}, which is not an earlier set of the job");
            if (!seen.Add(set.Name))
                throw new ArgumentException($"two unit sets are named {set.Name}");
        }
        Root = root;
        Kind = kind;
        Sets = sets;
    }

    /// <summary>The run folder.</summary>
    public string Root { get; }

    /// <summary>What the job is, for messages.</summary>
    public string Kind { get; }

    /// <summary>The sets in dependency order.</summary>
    public IReadOnlyList<UnitSet> Sets { get; }

    /// <summary>The lock file that only one process running the job's units in bulk holds.</summary>
    public string LockFile => Path.Combine(Root, ".lock");

    /// <summary>Runs under the lock before any unit (and before <see cref="DiscardStale"/>): discards work in progress
    /// of an interrupted run, checks that the folder holds this job. Null: nothing to do.</summary>
    public Action? Prepare { get; init; }

    /// <summary>The set named <paramref name="name"/>.</summary>
    public UnitSet Set(string name) =>
        Sets.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"the {Kind} has no unit set {name} (sets: {string.Join(", ", Sets.Select(s => s.Name))})");

    /// <summary>
    /// Discards the outputs of every set downstream of a set with unfinished units (they would be stale once those
    /// units run). Call with the lock held, before running or submitting the units.
    /// </summary>
    public void DiscardStale()
    {
        var stale = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in Sets)
        {
            if (set.DependsOn.Any(stale.Contains))
            {
                set.Discard?.Invoke();
                stale.Add(set.Name);
            }
            else if (set.PendingUnits().Count > 0)
                stale.Add(set.Name);
        }
    }

    /// <summary>Takes the job's lock; dispose the stream to release it.</summary>
    /// <exception cref="RunFolderException">Another process holds it.</exception>
    public FileStream AcquireLock()
    {
        Directory.CreateDirectory(Root);
        try
        {
            return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new RunFolderException($"{Root} is in use by another {Kind}");
        }
    }
}
