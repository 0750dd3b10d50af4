namespace YuLanData.Cli.ModelServer;

/// <summary>Settings of <c>yulandata serve-model</c>.</summary>
public sealed record ModelServerOptions
{
    /// <summary>Hugging Face model folder (config.json + safetensors).</summary>
    public required string ModelDir { get; init; }
    /// <summary>tokenizer.json or its folder; null uses the model folder.</summary>
    public string? Tokenizer { get; init; }
    /// <summary>The model name clients send (<c>model</c>); requests naming another get 404.</summary>
    public required string ServedModelName { get; init; }
    /// <summary>Listen URLs; port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8000"];
    /// <summary>Bearer token clients must send; required when any URL is not loopback.</summary>
    public string? ApiKey { get; init; }
    /// <summary>Host names served besides localhost, IPs and the URLs' names (DNS rebinding guard).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
    /// <summary>Device: cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>float32, bfloat16 or float16; null: float32 on CPU, bfloat16 on CUDA.</summary>
    public string? DType { get; init; }
    /// <summary>Sequences decoded together (KV-cache slots).</summary>
    public int MaxBatch { get; init; } = 32;
    /// <summary>Positions per sequence (prompt + completion); capped by the model's context.</summary>
    public int MaxModelLength { get; init; } = 2048;
    /// <summary>Largest <c>max_tokens</c> a request may ask for.</summary>
    public int MaxTokensLimit { get; init; } = 1024;
    /// <summary>Largest <c>n</c> (choices per prompt).</summary>
    public int MaxChoices { get; init; } = 16;
    /// <summary>Largest number of sequences (prompts x n) one request may start.</summary>
    public int MaxSequencesPerRequest { get; init; } = 64;
    /// <summary>Completion requests in flight at once; more get 429.</summary>
    public int MaxConcurrentRequests { get; init; } = 256;
    /// <summary>Largest request body in bytes; larger get 413.</summary>
    public long MaxBodyBytes { get; init; } = 1 << 20;
}
