namespace YuLanData.Inference.Generation;

/// <summary>
/// Settings of <c>./yulandata generate</c> (the CLI parses the command line into this record):
/// <c>--model DIR [--tokenizer T] --prompts F.jsonl --out O.jsonl [--greedy] [--max-new-tokens N] [--device cpu|cuda]
/// [--dtype float32|bfloat16|float16] [--max-batch B] [--temperature X] [--top-k K] [--top-p P] [--repetition-penalty R] [--seed S]</c>.
/// </summary>
public sealed record GenerateToolOptions
{
    /// <summary>Hugging Face model folder (config.json + safetensors).</summary>
    public required string ModelDir { get; init; }
    /// <summary>Tokenizer file or folder, handed to the caller's tokenizer factory; null means prompts carry <c>prompt_ids</c>.</summary>
    public string? Tokenizer { get; init; }
    /// <summary>Input JSONL: one object per line with <c>prompt_ids</c> (or <c>prompt</c> text with a tokenizer) and optional <c>id</c> and per-line settings.</summary>
    public required string PromptsPath { get; init; }
    /// <summary>Output JSONL, one result per input line in input order.</summary>
    public required string OutputPath { get; init; }
    /// <summary>Greedy decoding for lines that do not say otherwise.</summary>
    public bool Greedy { get; init; }
    /// <summary>Default max_new_tokens.</summary>
    public int MaxNewTokens { get; init; } = 256;
    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Compute dtype; null picks float32 on CPU and bfloat16 on CUDA.</summary>
    public string? DType { get; init; }
    /// <summary>Decode batch; null sizes it from free memory.</summary>
    public int? MaxBatch { get; init; }
    /// <summary>Default temperature when sampling.</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>Default top-k (0: off).</summary>
    public int TopK { get; init; }
    /// <summary>Default top-p (1: off).</summary>
    public double TopP { get; init; } = 1.0;
    /// <summary>Default repetition penalty (1: off).</summary>
    public double RepetitionPenalty { get; init; } = 1.0;
    /// <summary>Base seed; a line's seed defaults to this combined with its id.</summary>
    public long Seed { get; init; }
}
