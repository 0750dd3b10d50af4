using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Runs a pipeline's tasks in parallel on this machine, as the one unit set of a <see cref="UnitJob"/>. Tasks are fixed by the plan (not by the worker count)
/// and each writes only its own files, so output bytes are the same for any number of workers. Finished tasks
/// (with a completion marker) are skipped, so rerunning after a crash resumes.
/// </summary>
public sealed class LocalExecutor
{
    private readonly PipelineConfig _config;
    private readonly RunFolder _folder;
    private readonly int _workers;

    /// <param name="config">The validated pipeline.</param>
    /// <param name="workers">Tasks run at once (at least 1).</param>
    public LocalExecutor(PipelineConfig config, int workers)
    {
        _config = config;
        _folder = new RunFolder(config.Output.Path);
        _workers = Math.Max(1, workers);
    }

    public RunFolder Folder => _folder;

    /// <summary>Prepares the run folder and returns the plan and the progress object; call <see cref="Run"/> next.</summary>
    /// <remarks>The same as <see cref="RunPreparation.Prepare"/>, for callers that run the pipeline here.</remarks>
    public (IReadOnlyList<InputSlice> Plan, RunProgress Progress) Prepare() => new RunPreparation(_config).Prepare();

    /// <inheritdoc cref="RunPreparation.CheckFolder"/>
    public void CheckFolder() => new RunPreparation(_config).CheckFolder();

    /// <summary>
    /// Runs every unfinished task (the pipeline's one unit set, by <see cref="LocalUnitExecutor"/>), merges the stats
    /// and checks the accounting invariant. Cancelling stops running tasks before their next document (their partial
    /// output is discarded) and throws <see cref="OperationCanceledException"/>; finished tasks stay finished, so
    /// running again resumes.
    /// </summary>
    public TaskStats Run(IReadOnlyList<InputSlice> plan, RunProgress progress, CancellationToken cancel = default)
    {
        TaskRunner? runner = null;
        var job = PipelineJob.Of(_folder, plan.Count, (index, token) =>
        {
            var stats = progress.Begin(index);
            try
            {
                runner!.Run(index, plan[index], stats, token);
            }
            catch (Exception e)
            {
                progress.Discard(stats, e);
                throw;
            }
            progress.End(stats);
        },
        // The stages are prepared under the lock, after the folder's recovery, before any task runs.
        prepared: () => runner = new TaskRunner(_config, _folder, _config.Stages.Select(s => s.Definition.Prepare(s.Options)).ToArray()));
        new LocalUnitExecutor(_workers).Run(job, cancel);
        if (Directory.Exists(_folder.TempDir) && !Directory.EnumerateFileSystemEntries(_folder.TempDir).Any())
            Directory.Delete(_folder.TempDir);
        return StatsFiles.Merge(_folder, plan.Count);
    }

    /// <summary>
    /// Runs one task of an already prepared run (what a Slurm array task does); a finished task is left as is.
    /// Returns false when the task was already complete.
    /// </summary>
    public bool RunTask(IReadOnlyList<InputSlice> plan, int index)
    {
        if (index < 0 || index >= plan.Count)
            throw new ArgumentException($"task {index} is out of range: the run has {plan.Count} tasks");
        if (_folder.IsComplete(index))
            return false;
        var factories = _config.Stages.Select(s => s.Definition.Prepare(s.Options)).ToArray();
        return LocalUnitExecutor.RunOne(PipelineJob.Of(_folder, plan.Count, (task, _) => new TaskRunner(_config, _folder, factories).Run(task, plan[task], new TaskStats())), PipelineJob.TasksSet, index);
    }
}
