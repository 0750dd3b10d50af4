namespace YuLanData.Jobs.Execution;

/// <summary>One change of a task's state during a local run.</summary>
/// <param name="Task">The task index in the plan.</param>
/// <param name="Phase">What happened.</param>
/// <param name="Stats">The finished task's numbers (<see cref="TaskPhase.Finished"/> only).</param>
/// <param name="Error">What stopped the task (<see cref="TaskPhase.Stopped"/> only; an <see cref="OperationCanceledException"/> when cancelled).</param>
public sealed record TaskEvent(int Task, TaskPhase Phase, TaskStats? Stats, Exception? Error);
