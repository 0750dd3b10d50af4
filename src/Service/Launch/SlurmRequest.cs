using System.Text.RegularExpressions;
using YuLanData.Jobs.Execution;
using YuLanData.Service.Engine;

namespace YuLanData.Service.Launch;

/// <summary>
/// The sbatch options a request may set for a Slurm run, the same as the CLI's <c>run --executor slurm</c>. Every
/// value is checked against a strict pattern (they become sbatch arguments); free-form extra arguments are not taken.
/// </summary>
/// <param name="Partition">Slurm partition.</param>
/// <param name="CpusPerTask">CPUs per array task (1 to 1024).</param>
/// <param name="Mem">Memory per array task, e.g. <c>4G</c>.</param>
/// <param name="Time">Time limit per array task, e.g. <c>02:00:00</c> or <c>1-00:00:00</c>.</param>
/// <param name="MaxArraySize">Most tasks per job array.</param>
/// <param name="MaxConcurrent">Most array tasks running at once (0: no limit).</param>
public sealed partial record SlurmRequest(string? Partition, int? CpusPerTask, string? Mem, string? Time, int? MaxArraySize, int? MaxConcurrent)
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex PartitionName();

    [GeneratedRegex("^[0-9]{1,9}[KMGT]?$")]
    private static partial Regex Memory();

    [GeneratedRegex("^([0-9]{1,4}-)?[0-9]{1,4}(:[0-9]{1,2}){0,2}$")]
    private static partial Regex Duration();

    /// <summary>The request that gives <paramref name="options"/> again (a resubmitted run keeps its executor).</summary>
    public static SlurmRequest From(SlurmOptions options) =>
        new(options.Partition, options.CpusPerTask, options.Memory, options.Time, options.MaxArraySize, options.MaxConcurrent);

    /// <summary>The Slurm options of a request, or null for the local executor.</summary>
    /// <param name="executor"><c>local</c>, <c>slurm</c> or null (local).</param>
    /// <param name="request">The options; only with <c>slurm</c>.</param>
    /// <exception cref="PipelineRejectedException">An unknown executor, options without Slurm, or a value outside its pattern.</exception>
    public static SlurmOptions? Options(string? executor, SlurmRequest? request)
    {
        switch (executor)
        {
            case null or "local":
                if (request != null)
                    throw new PipelineRejectedException("slurm options need \"executor\": \"slurm\"");
                return null;
            case "slurm":
                break;
            default:
                throw new PipelineRejectedException($"executor must be local or slurm, not '{executor}'");
        }
        request ??= new SlurmRequest(null, null, null, null, null, null);
        if (request.Partition is { } p && !PartitionName().IsMatch(p))
            throw new PipelineRejectedException("slurm.partition: letters, digits, '_', '.', '-' only (at most 64)");
        if (request.Mem is { } m && !Memory().IsMatch(m))
            throw new PipelineRejectedException("slurm.mem: a number with an optional K, M, G or T (e.g. 4G)");
        if (request.Time is { } t && !Duration().IsMatch(t))
            throw new PipelineRejectedException("slurm.time: minutes, [days-]hours:minutes[:seconds] (e.g. 02:00:00)");
        if (request.CpusPerTask is < 1 or > 1024)
            throw new PipelineRejectedException("slurm.cpus_per_task must be between 1 and 1024");
        if (request.MaxArraySize is < 1 or > 1_000_000)
            throw new PipelineRejectedException("slurm.max_array_size must be between 1 and 1000000");
        if (request.MaxConcurrent is < 0 or > 1_000_000)
            throw new PipelineRejectedException("slurm.max_concurrent must be between 0 and 1000000");
        return new SlurmOptions
        {
            Partition = request.Partition,
            CpusPerTask = request.CpusPerTask ?? 1,
            Memory = request.Mem,
            Time = request.Time,
            MaxArraySize = request.MaxArraySize ?? 1000,
            MaxConcurrent = request.MaxConcurrent ?? 0,
        };
    }
}
