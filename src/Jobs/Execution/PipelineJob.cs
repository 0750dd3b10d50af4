namespace YuLanData.Jobs.Execution;

/// <summary>The job of a pipeline run: one unit set, <see cref="TasksSet"/>, with one unit per planned task.</summary>
public static class PipelineJob
{
    /// <summary>The name of the pipeline's only unit set.</summary>
    public const string TasksSet = "tasks";

    /// <param name="folder">The run folder (its completion markers say which tasks are finished).</param>
    /// <param name="tasks">The task count of the plan.</param>
    /// <param name="runTask">Runs one task; null for a job that is only submitted (the Slurm array tasks run it).</param>
    /// <param name="prepared">Runs under the lock after the folder's recovery, before any task; null: nothing.</param>
    public static UnitJob Of(RunFolder folder, int tasks, Action<int, CancellationToken>? runTask = null, Action? prepared = null) =>
        new(folder.Root, "run",
        [
            new UnitSet
            {
                Name = TasksSet,
                Count = tasks,
                IsComplete = folder.IsComplete,
                RunUnit = runTask ?? ((task, _) => throw new InvalidOperationException($"{folder.Root}: task {task} runs in its own process")),
            },
        ])
        {
            // Work in progress of an interrupted run is redone from scratch; with the lock held, nothing else uses it.
            Prepare = () =>
            {
                if (Directory.Exists(folder.TempDir))
                    Directory.Delete(folder.TempDir, recursive: true);
                AtomicFile.RemoveStaleTemporaries(folder.Root);
                prepared?.Invoke();
            },
        };
}
