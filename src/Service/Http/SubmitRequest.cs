namespace YuLanData.Service.Http;

/// <summary>The JSON body of <c>POST /api/runs</c>: exactly one of <see cref="Pipeline"/> and <see cref="Yaml"/>.</summary>
/// <param name="Pipeline">A pipeline file inside the roots (relative to the first root or absolute).</param>
/// <param name="Yaml">The pipeline itself, as YAML text.</param>
/// <param name="Output">The run folder, replacing the pipeline's <c>output.path</c>.</param>
/// <param name="Workers">Tasks run in parallel (1 to 1024).</param>
/// <param name="Executor"><c>local</c> (default) or <c>slurm</c>.</param>
/// <param name="Slurm">sbatch options of a Slurm run (as the CLI's <c>run --executor slurm</c>).</param>
public sealed record SubmitRequest(string? Pipeline, string? Yaml, string? Output, int? Workers, string? Executor = null, Launch.SlurmRequest? Slurm = null);
