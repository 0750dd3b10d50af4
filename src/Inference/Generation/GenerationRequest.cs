namespace YuLanData.Inference.Generation;

/// <summary>One prompt to complete.</summary>
/// <param name="Id">Caller's id, carried to the result.</param>
/// <param name="PromptIds">Prompt token ids (BOS included if the model wants one).</param>
/// <param name="Sampling">Decoding settings.</param>
public sealed record GenerationRequest(string Id, IReadOnlyList<int> PromptIds, SamplingParameters Sampling);
