using YuLanData.Service.Runs;

namespace YuLanData.Service.Engine;

/// <summary>One loaded pipeline: what it reads and writes, then its preparation and run.</summary>
public interface IPipelineRun
{
    /// <summary>The pipeline's name.</summary>
    string Name { get; }

    /// <summary>The run folder as the pipeline names it (relative paths are relative to the working directory).</summary>
    string OutputFolder { get; }

    /// <summary>Every input file the pipeline's globs matched.</summary>
    IReadOnlyList<string> InputFiles { get; }

    /// <summary>
    /// Checks, writing nothing, what <see cref="Prepare"/> would refuse: the run folder is a file, holds input files,
    /// holds files of no run, or holds a run of another pipeline.
    /// </summary>
    /// <exception cref="PipelineRejectedException">The output is a file or holds the pipeline's inputs.</exception>
    /// <exception cref="RunFolderConflictException">The folder belongs to another run or holds other files.</exception>
    void CheckFolder();

    /// <summary>Creates or checks the run folder and plans the tasks; finished tasks of an earlier attempt are counted as skipped.</summary>
    /// <exception cref="PipelineRejectedException">The folder holds a different pipeline or changed inputs.</exception>
    void Prepare();

    /// <summary>Tasks of the run (after <see cref="Prepare"/>).</summary>
    int TotalTasks { get; }

    /// <summary>Tasks finished before this attempt began.</summary>
    int SkippedTasks { get; }

    /// <summary>Tasks finished by this attempt so far.</summary>
    int DoneTasks { get; }

    /// <summary>Merged counts of finished and running tasks (approximate while running).</summary>
    RunStats Snapshot();

    /// <summary>Runs every unfinished task and merges the stats; blocks until done.</summary>
    /// <param name="cancel">Stops starting new tasks; tasks already running finish and stay resumable.</param>
    void Run(CancellationToken cancel);
}
