namespace YuLanData.Inference.Generation;

/// <summary>
/// Settings of <c>./yulandata generate</c>:
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

    /// <summary>Parses command-line arguments (after the <c>generate</c> verb).</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a missing required option.</exception>
    public static GenerateToolOptions Parse(IReadOnlyList<string> args)
    {
        string? model = null, prompts = null, output = null, tokenizer = null, device = null, dtype = null;
        bool greedy = false;
        int maxNew = 256, topK = 0;
        int? maxBatch = null;
        double temperature = 1.0, topP = 1.0, penalty = 1.0;
        long seed = 0;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            int Int() { var v = Value(); return int.TryParse(v, out var x) ? x : throw new ArgumentException($"{args[i - 1]}: '{v}' is not an integer"); }
            double Double()
            {
                var v = Value();
                return double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
                    ? x : throw new ArgumentException($"{args[i - 1]}: '{v}' is not a number");
            }
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--tokenizer": tokenizer = Value(); break;
                case "--prompts": prompts = Value(); break;
                case "--out": output = Value(); break;
                case "--greedy": greedy = true; break;
                case "--max-new-tokens": maxNew = Int(); break;
                case "--device": device = Value(); break;
                case "--dtype": dtype = Value(); break;
                case "--max-batch": maxBatch = Int(); break;
                case "--temperature": temperature = Double(); break;
                case "--top-k": topK = Int(); break;
                case "--top-p": topP = Double(); break;
                case "--repetition-penalty": penalty = Double(); break;
                case "--seed": seed = Int(); break;
                default: throw new ArgumentException($"unknown option '{args[i]}' for generate");
            }
        }
        return new GenerateToolOptions
        {
            ModelDir = model ?? throw new ArgumentException("generate needs --model DIR"),
            PromptsPath = prompts ?? throw new ArgumentException("generate needs --prompts F.jsonl"),
            OutputPath = output ?? throw new ArgumentException("generate needs --out O.jsonl"),
            Tokenizer = tokenizer, Greedy = greedy, MaxNewTokens = maxNew, Device = device ?? "cpu", DType = dtype, MaxBatch = maxBatch,
            Temperature = temperature, TopK = topK, TopP = topP, RepetitionPenalty = penalty, Seed = seed,
        };
    }
}
