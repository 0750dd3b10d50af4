namespace YuLanData.Inference.Generation;

/// <summary>Results of one <see cref="BatchGenerator.Generate"/> call with its counters.</summary>
/// <param name="Results">One result per request, in request order.</param>
/// <param name="Batch">Decode batch (cache slots) the run finished with.</param>
/// <param name="DecodeSteps">Batched decode steps run.</param>
/// <param name="GeneratedTokens">Tokens generated over all requests.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="OutOfMemoryRetries">Times the batch was halved after running out of memory.</param>
/// <param name="PrefillCalls">Batched prefill calls run (each costs about one decode step of op launches).</param>
public sealed record GenerationRun(IReadOnlyList<GenerationResult> Results, int Batch, int DecodeSteps, long GeneratedTokens, TimeSpan Elapsed, int OutOfMemoryRetries, int PrefillCalls)
{
    /// <summary>Generated tokens per second of wall time.</summary>
    public double TokensPerSecond => Elapsed.TotalSeconds > 0 ? GeneratedTokens / Elapsed.TotalSeconds : 0;
}
