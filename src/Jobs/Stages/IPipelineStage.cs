using YuLanData.Filters;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.Stages;

/// <summary>
/// A stage with per-task state (counters, limits). One instance is created per task and used by one thread.
/// Register with <see cref="StageAttribute"/> and one public constructor taking the options object.
/// Stateless text decisions should implement <see cref="IDocumentFilter"/> in src/Filters instead.
/// </summary>
public interface IPipelineStage
{
    /// <summary>Decides about one document; may edit its text and metadata in place.</summary>
    FilterOutcome Process(Document doc);
}

/// <summary>A per-task stage that reports totals (added to its <see cref="Execution.StageStats.Counters"/> when the task ends).</summary>
public interface IReportsCounters
{
    IReadOnlyDictionary<string, long> Counters { get; }
}

/// <summary>A per-task stage that needs to know which task of the plan it runs in (called once, before the first
/// document).</summary>
public interface ITaskAwareStage
{
    /// <param name="task">The task's index in the run's plan.</param>
    /// <param name="slice">The input the task reads.</param>
    void BeginTask(int task, IO.InputSlice slice);
}
