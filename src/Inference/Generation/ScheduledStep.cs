namespace YuLanData.Inference.Generation;

/// <summary>What the model runner runs next: a prefill of newly admitted sequences, or one decode step of all running ones.</summary>
/// <param name="IsPrefill">True for a prefill of <paramref name="Sequences"/>' prompts; false for a decode step.</param>
/// <param name="Sequences">The sequences of the step, each with its cache slot; the runner returns one token per sequence, in this order.</param>
public sealed record ScheduledStep(bool IsPrefill, IReadOnlyList<Sequence> Sequences);
