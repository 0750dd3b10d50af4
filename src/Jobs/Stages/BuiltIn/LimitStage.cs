using YuLanData.Filters;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.Stages.BuiltIn;

public sealed class LimitOptions
{
    /// <summary>Documents passed on per task; the rest are dropped as <c>over_limit</c>.</summary>
    public long MaxDocuments { get; set; } = 1000;

    public void Validate()
    {
        if (MaxDocuments < 0)
            throw new ArgumentException("max_documents must be >= 0");
    }
}

/// <summary>
/// Passes the first <c>max_documents</c> documents of each task (datatrove's per-task limit: the total is
/// deterministic because tasks are fixed by the plan, not by the worker count).
/// </summary>
[Stage("limit", "pass only the first N documents of each task")]
public sealed class LimitStage(LimitOptions options) : IPipelineStage
{
    private long _seen;

    public FilterOutcome Process(Document doc) =>
        ++_seen <= options.MaxDocuments ? FilterOutcome.Kept : FilterOutcome.Drop("over_limit");
}
