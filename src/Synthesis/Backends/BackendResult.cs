using YuLanData.Inference.Generation;

namespace YuLanData.Synthesis.Backends;

/// <summary>One generated sample.</summary>
/// <param name="Generation">Text, finish reason and error (token ids are empty for a server backend, which returns none).</param>
/// <param name="PromptTokens">Prompt tokens (as the server reported them for a server backend; 0 when not reported).</param>
/// <param name="CompletionTokens">Completion tokens (likewise).</param>
/// <param name="Provenance">JSON object naming who generated it (backend, server URL, requested and served model,
/// <c>system_fingerprint</c>), or null for the in-process engine, whose provenance is the model hash.</param>
public sealed record BackendResult(GenerationResult Generation, int PromptTokens, int CompletionTokens, string? Provenance);
