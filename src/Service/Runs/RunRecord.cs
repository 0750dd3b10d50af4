namespace YuLanData.Service.Runs;

/// <summary>
/// A submitted run as the service keeps it on disk (<c>{state}/runs/{id}/run.json</c>): what to run, where, and
/// where it stands. Everything else about the run lives in its run folder.
/// </summary>
/// <param name="Id">Service run id, <c>r{number:00000}</c>.</param>
/// <param name="Name">The pipeline's name.</param>
/// <param name="Pipeline">The pipeline file to load (absolute; a submitted YAML body is saved in the state folder).</param>
/// <param name="Output">The run folder (absolute, inside the roots).</param>
/// <param name="Workers">Tasks run in parallel.</param>
/// <param name="Submitted">When the run was submitted.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Started">When its latest attempt started.</param>
/// <param name="Finished">When it ended (succeeded, failed or cancelled).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Attempts">Attempts started (more than one after a restart).</param>
/// <param name="ReportError">Why the report could not be written, if it could not.</param>
/// <param name="Slurm">Where the run's tasks go to Slurm (with these sbatch options), or null for the local executor.</param>
public sealed record RunRecord(
    string Id,
    string Name,
    string Pipeline,
    string Output,
    int Workers,
    DateTimeOffset Submitted,
    RunState State = RunState.Queued,
    DateTimeOffset? Started = null,
    DateTimeOffset? Finished = null,
    string? Error = null,
    int Attempts = 0,
    string? ReportError = null,
    YuLanData.Jobs.Execution.SlurmOptions? Slurm = null)
{
    public bool IsActive => State is RunState.Queued or RunState.Running;
}
