using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Prepares a pipeline's run folder, whatever executor runs it: plans the tasks, writes <c>run.json</c>,
/// <c>plan.json</c> and the pipeline copy at the first run, and refuses a folder that holds another run.
/// </summary>
/// <param name="config">The validated pipeline.</param>
public sealed class RunPreparation(PipelineConfig config)
{
    private readonly PipelineConfig _config = config;
    private readonly RunFolder _folder = new(config.Output.Path);

    /// <summary>The run folder.</summary>
    public RunFolder Folder => _folder;

    /// <summary>Prepares the run folder and returns the plan and the progress object; an executor runs it next.</summary>
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

    private JsonArray SkippedInputsJson() => new(_config.SkippedInputs.Select(k => (JsonNode)new JsonObject
    {
        ["path"] = k.Path,
        ["reason"] = k.Reason,
        ["detail"] = k.Detail,
    }).ToArray());

    private string? CurrentYaml() => File.Exists(_config.SourceFile) ? File.ReadAllText(_config.SourceFile) : null;
}
