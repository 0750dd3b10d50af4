using YuLanData.Inference.Generation;

namespace YuLanData.Synthesis.Backends;

/// <summary>One sample to generate.</summary>
/// <param name="Id"><c>{seed_id}#{sample_index}</c>.</param>
/// <param name="Prompt">The prepared prompt.</param>
/// <param name="Sampling">Sampling settings with this request's seed.</param>
public sealed record BackendRequest(string Id, BackendPrompt Prompt, SamplingParameters Sampling);
