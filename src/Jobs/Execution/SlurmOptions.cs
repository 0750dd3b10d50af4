namespace YuLanData.Jobs.Execution;

/// <summary>How pipeline tasks are submitted to Slurm.</summary>
public sealed record SlurmOptions
{
    public string? Partition { get; init; }

    public int CpusPerTask { get; init; } = 1;

    /// <summary>Memory per array task, in sbatch syntax (e.g. <c>4G</c>); null: the cluster default.</summary>
    public string? Memory { get; init; }

    /// <summary>Time limit per array task, in sbatch syntax (e.g. <c>02:00:00</c>).</summary>
    public string? Time { get; init; }

    /// <summary>Most array tasks in one job array (the cluster's MaxArraySize); larger runs become several arrays.</summary>
    public int MaxArraySize { get; init; } = 1000;

    /// <summary>Most array tasks running at once per array (<c>%N</c>), 0: no limit.</summary>
    public int MaxConcurrent { get; init; }

    /// <summary>Extra sbatch arguments, passed as they are.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
