namespace YuLanData.Inference.Generation;

/// <summary>The outcome of one request: a completion, or a failure with its reason.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Text">Completion text (without a final EOS, cut before a stop string); null without a detokenizer or on failure.</param>
/// <param name="TokenIds">Generated ids (a final EOS/stop id included).</param>
/// <param name="PromptTokens">Prompt length in tokens.</param>
/// <param name="FinishReason">Why it ended.</param>
/// <param name="Error">Failure reason when <paramref name="FinishReason"/> is <see cref="Generation.FinishReason.Error"/>.</param>
public sealed record GenerationResult(string Id, string? Text, IReadOnlyList<int> TokenIds, int PromptTokens, FinishReason FinishReason, string? Error = null)
{
    /// <summary>Number of generated tokens.</summary>
    public int CompletionTokens => TokenIds.Count;

    /// <summary>A failed request.</summary>
    public static GenerationResult Failed(GenerationRequest request, string error, IReadOnlyList<int>? partial = null) =>
        new(request.Id, null, partial ?? [], request.PromptIds.Count, FinishReason.Error, error);
}
