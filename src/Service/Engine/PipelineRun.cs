using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;
using YuLanData.Service.Runs;
using YuLanData.Service.Security;

namespace YuLanData.Service.Engine;

/// <summary>One loaded pipeline as the service runs it: what it reads and writes, then its preparation and run on the engine's local executor.</summary>
public sealed class PipelineRun
{
    private readonly PipelineConfig _config;
    private readonly LocalExecutor _executor;
    private IReadOnlyList<InputSlice>? _plan;
    private RunProgress? _progress;

    private PipelineRun(PipelineConfig config, int workers)
    {
        _config = config;
        _executor = new LocalExecutor(config, workers);
    }

    /// <summary>Loads and validates a pipeline file; nothing is written yet.</summary>
    /// <param name="pipelineFile">The pipeline YAML file (already confined to the service's roots).</param>
    /// <param name="outputOverride">Replaces the pipeline's <c>output.path</c>, or null to keep it.</param>
    /// <param name="workers">Tasks run in parallel.</param>
    /// <param name="paths">Says why a path the pipeline names (input globs before they are listed, matched files, the
    /// output folder, every stage option that names a file) may not be used, or null when it may; it is asked before
    /// anything is listed or opened. Null allows every path.</param>
    /// <exception cref="PipelineRejectedException">The pipeline is invalid or names a refused path (message names file, line and column).</exception>
    public static PipelineRun Load(string pipelineFile, string? outputOverride, int workers, Func<string, string?>? paths = null)
    {
        try
        {
            return new PipelineRun(PipelineLoader.Load(pipelineFile, outputOverride, paths == null ? null : new PathPolicy(paths)), workers);
        }
        catch (Exception e) when (e is PipelineConfigException or StageSetupException or FileNotFoundException or ArgumentException)
        {
            throw new PipelineRejectedException(e.Message, e);
        }
    }

    /// <summary>The pipeline's name.</summary>
    public string Name => _config.Name;

    /// <summary>The loaded pipeline (for executors other than the local one).</summary>
    internal PipelineConfig Config => _config;

    /// <summary>The run folder as the pipeline names it (relative paths are relative to the working directory).</summary>
    public string OutputFolder => _config.Output.Path;

    /// <summary>Every input file the pipeline's globs matched.</summary>
    public IReadOnlyList<string> InputFiles => _config.InputFiles;

    /// <summary>Tasks of the run (after <see cref="Prepare"/>).</summary>
    public int TotalTasks => _progress?.TotalTasks ?? 0;

    /// <summary>Tasks finished before this attempt began.</summary>
    public int SkippedTasks => _progress?.SkippedTasks ?? 0;

    /// <summary>Tasks finished by this attempt so far.</summary>
    public int DoneTasks => _progress?.DoneTasks ?? 0;

    /// <summary>
    /// Checks, writing nothing, what <see cref="Prepare"/> would refuse: the run folder is a file, holds input files,
    /// holds files of no run, or holds a run of another pipeline.
    /// </summary>
    /// <exception cref="PipelineRejectedException">The output is a file or holds the pipeline's inputs.</exception>
    /// <exception cref="RunFolderConflictException">The folder belongs to another run or holds other files.</exception>
    public void CheckFolder()
    {
        string folder = Path.GetFullPath(_config.Output.Path);
        if (File.Exists(folder))
            throw new PipelineRejectedException($"output '{_config.Output.Path}' is a file, not a folder");
        string resolved = PathGuard.RealPath(folder);
        foreach (var input in _config.InputFiles)
            if (PathGuard.IsInside(PathGuard.RealPath(Path.GetFullPath(input)), resolved))
                throw new PipelineRejectedException($"output '{_config.Output.Path}' holds the input file '{input}'; write the run elsewhere");
        try
        {
            _executor.CheckFolder();
        }
        catch (RunFolderException e)
        {
            throw new RunFolderConflictException(e.Message, e);
        }
    }

    /// <summary>Creates or checks the run folder and plans the tasks; finished tasks of an earlier attempt are counted as skipped.</summary>
    /// <exception cref="PipelineRejectedException">The folder holds a different pipeline or changed inputs.</exception>
    public void Prepare()
    {
        try
        {
            (_plan, _progress) = _executor.Prepare();
        }
        catch (RunFolderException e)
        {
            throw new PipelineRejectedException(e.Message, e);
        }
    }

    /// <summary>Records each task's start, finish or stop of this attempt in <paramref name="journal"/> (after <see cref="Prepare"/>).</summary>
    /// <param name="journal">The run's task journal.</param>
    /// <param name="runAttempt">The run's attempt number.</param>
    public void ObserveTasks(TaskJournal journal, int runAttempt) =>
        (_progress ?? throw new InvalidOperationException("not prepared")).TaskObserver = e => journal.Append(e, runAttempt);

    /// <summary>The tasks running now with the documents each has read so far.</summary>
    public IReadOnlyDictionary<int, long> RunningTasks() => _progress?.RunningTasks() ?? new Dictionary<int, long>();

    /// <summary>Merged counts of finished and running tasks (approximate while running).</summary>
    public RunStats Snapshot() => RunStats.From((_progress ?? throw new InvalidOperationException("not prepared")).Snapshot());

    /// <summary>Runs every unfinished task of the plan made by <see cref="Prepare"/> and merges the stats; blocks until done.</summary>
    /// <param name="cancel">Stops starting new tasks; tasks already running finish and stay resumable.</param>
    public void Run(CancellationToken cancel) =>
        _executor.Run(_plan ?? throw new InvalidOperationException("not prepared"), _progress!, cancel);
}
