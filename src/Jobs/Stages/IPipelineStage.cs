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
