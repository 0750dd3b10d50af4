namespace YuLanData.Jobs.Execution;

/// <summary>Where a task of a local run stands, as <see cref="RunProgress.TaskObserver"/> is told.</summary>
public enum TaskPhase
{
    Started,
    Finished,
    Stopped,
}
