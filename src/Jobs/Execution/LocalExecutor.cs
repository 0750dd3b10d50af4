using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Runs a pipeline's tasks in parallel on this machine. Tasks are fixed by the plan (not by the worker count)
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
    public (IReadOnlyList<InputSlice> Plan, RunProgress Progress) Prepare()
    {
        Directory.CreateDirectory(_folder.Root);
        var plan = TaskPlanner.Plan(_config.InputFiles, _config.SplitBytes);
        string planJson = JsonSerializer.Serialize(plan, JsonOutput.Indented);
        bool fresh = !File.Exists(_folder.RunFile);
        if (!fresh)
        {
            string? hash = PreviousConfigHash(() => planJson);
            // Nothing finished yet (e.g. a stage failed to start): the folder takes the corrected pipeline. The same
            // pipeline (another process of this run, such as a Slurm array task) leaves the files untouched.
            fresh = hash != _config.ConfigHash;
            if (!fresh && File.Exists(_folder.PlanFile) && File.ReadAllText(_folder.PlanFile) != planJson)
                throw new RunFolderException($"{_folder.Root}: the input files changed since the run began ({string.Join("; ", RunDifference.InputDifferences(File.ReadAllText(_folder.PlanFile), planJson).Take(3))}); use another output folder or delete it");
        }
        if (fresh)
        {
            AtomicFile.WriteAllText(_folder.PlanFile, planJson);
            if (File.Exists(_config.SourceFile))
                File.Copy(_config.SourceFile, _folder.PipelineCopy, overwrite: true);
            var run = new JsonObject
            {
                ["name"] = _config.Name,
                ["pipeline"] = _config.SourceFile,
                ["config_hash"] = _config.ConfigHash,
                ["tasks"] = plan.Count,
                ["skipped_inputs"] = SkippedInputsJson(),
            };
            AtomicFile.WriteAllText(_folder.RunFile, run.ToJsonString(JsonOutput.Indented));
        }
        else if (JsonNode.Parse(File.ReadAllText(_folder.RunFile)) is JsonObject run
            && run["skipped_inputs"]?.ToJsonString() != SkippedInputsJson().ToJsonString())
        {
            // A resumed run reports what its globs skip now (its own output, say, which did not exist at the start).
            run["skipped_inputs"] = SkippedInputsJson();
            AtomicFile.WriteAllText(_folder.RunFile, run.ToJsonString(JsonOutput.Indented));
        }
        int skipped = Enumerable.Range(0, plan.Count).Count(_folder.IsComplete);
        return (plan, new RunProgress
        {
            TotalTasks = plan.Count,
            SkippedTasks = skipped,
            StageLabels = _config.Stages.Select(s => s.Label).ToArray(),
        });
    }

    /// <summary>
    /// Checks, writing nothing, that the run folder can take this pipeline: it is absent or empty, or it holds a run
    /// of the same pipeline or one that finished no task.
    /// </summary>
    /// <exception cref="RunFolderException">The folder holds files of no run, or a run of another pipeline.</exception>
    public void CheckFolder()
    {
        if (!Directory.Exists(_folder.Root))
            return;
        if (File.Exists(_folder.RunFile))
            PreviousConfigHash(() => JsonSerializer.Serialize(TaskPlanner.Plan(_config.InputFiles, _config.SplitBytes), JsonOutput.Indented));
        else if (Directory.EnumerateFileSystemEntries(_folder.Root).Any())
            throw new RunFolderException($"{_folder.Root} holds files but no run (no run.json); use another output folder");
    }

    /// <summary>The config hash of the run already in the folder; throws when that run is of another pipeline and finished tasks.</summary>
    private string? PreviousConfigHash(Func<string> planJson)
    {
        var previous = JsonNode.Parse(File.ReadAllText(_folder.RunFile));
        string? hash = previous?["config_hash"]?.GetValue<string>();
        bool started = Directory.Exists(_folder.CompletedDir) && Directory.EnumerateFiles(_folder.CompletedDir).Any();
        if (hash != _config.ConfigHash && started)
            throw new RunFolderException($"{_folder.Root} holds a run of a different pipeline or inputs ({RunDifference.Describe(_folder, _config, CurrentYaml(), planJson())}); use another output folder or delete it");
        return hash;
    }

    /// <summary>
    /// Runs every unfinished task, merges the stats and checks the accounting invariant. Cancelling stops running
    /// tasks before their next document (their partial output is discarded) and throws <see cref="OperationCanceledException"/>;
    /// finished tasks stay finished, so running again resumes.
    /// </summary>
    public TaskStats Run(IReadOnlyList<InputSlice> plan, RunProgress progress, CancellationToken cancel = default)
    {
        using var runLock = AcquireLock();
        // Work in progress of an interrupted run is redone from scratch; with the lock held, nothing else uses it.
        if (Directory.Exists(_folder.TempDir))
            Directory.Delete(_folder.TempDir, recursive: true);
        AtomicFile.RemoveStaleTemporaries(_folder.Root);
        var factories = _config.Stages.Select(s => s.Definition.Prepare(s.Options)).ToArray();
        var runner = new TaskRunner(_config, _folder, factories);
        var pending = Enumerable.Range(0, plan.Count).Where(i => !_folder.IsComplete(i)).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancel };
        Parallel.ForEach(Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering), options, index =>
        {
            var stats = progress.Begin();
            try
            {
                runner.Run(index, plan[index], stats, cancel);
            }
            catch
            {
                progress.Discard(stats);
                throw;
            }
            progress.End(stats);
        });
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
        new TaskRunner(_config, _folder, factories).Run(index, plan[index], new TaskStats());
        return true;
    }

    private JsonArray SkippedInputsJson() => new(_config.SkippedInputs.Select(k => (JsonNode)new JsonObject
    {
        ["path"] = k.Path,
        ["reason"] = k.Reason,
        ["detail"] = k.Detail,
    }).ToArray());

    private string? CurrentYaml() => File.Exists(_config.SourceFile) ? File.ReadAllText(_config.SourceFile) : null;

    private FileStream AcquireLock()
    {
        try
        {
            return new FileStream(_folder.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new RunFolderException($"{_folder.Root} is in use by another run");
        }
    }
}

/// <summary>The output folder cannot be used for this run.</summary>
public sealed class RunFolderException(string message) : Exception(message);
