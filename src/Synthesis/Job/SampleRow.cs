namespace YuLanData.Synthesis.Job;

/// <summary>One output row: a sample with its full provenance and verdict.</summary>
public sealed record SampleRow
{
    /// <summary><c>{seed_id}#{sample_index}</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Seed document id.</summary>
    public required string SeedId { get; init; }
    /// <summary>Seed document source.</summary>
    public required string SeedSource { get; init; }
    /// <summary>0-based sample number within the seed.</summary>
    public required int SampleIndex { get; init; }
    /// <summary>Template name.</summary>
    public required string Template { get; init; }
    /// <summary>SHA-256 of the template file.</summary>
    public required string TemplateHash { get; init; }
    /// <summary>Model folder.</summary>
    public required string ModelPath { get; init; }
    /// <summary>Hash of the model's config and weights.</summary>
    public required string ModelHash { get; init; }
    /// <summary>Hash of the tokenizer file.</summary>
    public required string TokenizerHash { get; init; }
    /// <summary>Sampling parameters as JSON (without the per-request seed).</summary>
    public required string Sampling { get; init; }
    /// <summary>The request's random seed (from the base seed, seed id and sample index).</summary>
    public required long RequestSeed { get; init; }
    /// <summary>The filled prompt.</summary>
    public required string Prompt { get; init; }
    /// <summary>The completion text (cut before a stop string); null when nothing was generated.</summary>
    public string? Completion { get; init; }
    /// <summary>The training text: question and solution in the job's format (<see cref="TrainingText"/>); null when nothing was generated.</summary>
    public string? Text { get; init; }
    /// <summary>Prompt tokens.</summary>
    public required int PromptTokens { get; init; }
    /// <summary>Generated tokens.</summary>
    public required int CompletionTokens { get; init; }
    /// <summary><c>eos</c>, <c>stop</c>, <c>length</c>, <c>error</c>, or <c>not_generated</c>.</summary>
    public required string FinishReason { get; init; }
    /// <summary>Whether the sample is kept.</summary>
    public required bool Accepted { get; init; }
    /// <summary>Why it was rejected; null when accepted.</summary>
    public string? RejectReason { get; init; }
    /// <summary>Parsed sections as a JSON object, when the format has sections and they parsed.</summary>
    public string? Sections { get; init; }
    /// <summary>The extracted final answer.</summary>
    public string? Answer { get; init; }
    /// <summary>The seed's known answer it was compared with.</summary>
    public string? KnownAnswer { get; init; }
    /// <summary>Verification evidence (sandbox outcome, error line, parse detail).</summary>
    public string? Verification { get; init; }
    /// <summary>Share of this seed's samples that were accepted.</summary>
    public required double SeedPassRate { get; init; }
    /// <summary>Who generated it, as JSON (backend, server URL, requested and served model, <c>system_fingerprint</c>); null
    /// for the in-process engine, whose model is named by <see cref="ModelHash"/>.</summary>
    public string? Backend { get; init; }
    /// <summary>The normalized majority answer of this seed's samples, when answers were voted on.</summary>
    public string? MajorityAnswer { get; init; }
}
