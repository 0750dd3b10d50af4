namespace YuLanData.Jobs.Execution;

/// <summary>
/// The layout of a run's output folder:
/// <code>
/// run.json            pipeline name, config hash, task count (a folder resumes only the same pipeline)
/// plan.json           the tasks (input slices), fixed at the first run
/// pipeline.yaml       the pipeline file as run
/// output/             kept documents: [partition/]{task:00000}[-{shard:0000}].{ext}
/// excluded/           dropped documents with stage and reason (when enabled): {task:00000} + the output format's extension
/// quarantine/         unreadable records and stage failures: {task:00000}.jsonl
/// stats/              per-task counts: {task:00000}.json (deterministic)
/// timings/            per-task seconds: {task:00000}.json
/// completed/          per-task completion markers: {task:00000}
/// stats.json          merged counts, written at the end of a run (same bytes for any executor or worker count)
/// timings.json        merged seconds
/// slurm/              Slurm executor: batch scripts, submissions, per-task logs
/// .tmp/               work in progress (deleted and redone on resume)
/// </code>
/// </summary>
public sealed class RunFolder(string root)
{
    public string Root { get; } = root;

    public string RunFile => Path.Combine(Root, "run.json");

    public string PlanFile => Path.Combine(Root, "plan.json");

    public string PipelineCopy => Path.Combine(Root, "pipeline.yaml");

    public string OutputDir => Path.Combine(Root, "output");

    public string ExcludedDir => Path.Combine(Root, "excluded");

    public string QuarantineDir => Path.Combine(Root, "quarantine");

    public string StatsDir => Path.Combine(Root, "stats");

    public string CompletedDir => Path.Combine(Root, "completed");

    public string MergedStats => Path.Combine(Root, "stats.json");

    public string MergedTimings => Path.Combine(Root, "timings.json");

    public string TimingsDir => Path.Combine(Root, "timings");

    public string SlurmDir => Path.Combine(Root, "slurm");

    /// <summary>The task count fixed at the first run (from <c>run.json</c>).</summary>
    public int TaskCount()
    {
        if (!File.Exists(RunFile))
            throw new RunFolderException($"{Root} is not a run folder (no run.json)");
        return System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RunFile))?["tasks"]?.GetValue<int>()
            ?? throw new RunFolderException($"{RunFile} has no task count");
    }

    public string TempDir => Path.Combine(Root, ".tmp");

    public string LockFile => Path.Combine(Root, ".lock");

    public string TaskTemp(int task) => Path.Combine(TempDir, $"task-{task:D5}");

    public string TaskStats(int task) => Path.Combine(StatsDir, $"{task:D5}.json");

    public string TaskTimings(int task) => Path.Combine(TimingsDir, $"{task:D5}.json");

    public string CompletionMarker(int task) => Path.Combine(CompletedDir, $"{task:D5}");

    public bool IsComplete(int task) => File.Exists(CompletionMarker(task));
}
