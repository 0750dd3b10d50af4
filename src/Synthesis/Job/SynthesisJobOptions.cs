namespace YuLanData.Synthesis.Job;

/// <summary>Settings of a synthesis job (YAML keys are the snake_case names of these properties).</summary>
public sealed class SynthesisJobOptions
{
    /// <summary>Seed files: globs of any pipeline output (.jsonl, .jsonl.gz, .jsonl.zst, .parquet).</summary>
    public List<string> Input { get; set; } = [];
    /// <summary>Input text field.</summary>
    public string TextField { get; set; } = "text";
    /// <summary>Input id field.</summary>
    public string IdField { get; set; } = "id";
    /// <summary>Input source field.</summary>
    public string SourceField { get; set; } = "source";
    /// <summary>Template name (a <c>.prompt</c> file in <see cref="TemplatesDir"/>) or a path to a template file.</summary>
    public string Template { get; set; } = "";
    /// <summary>Folder of template files.</summary>
    public string TemplatesDir { get; set; } = "pipelines/prompts";
    /// <summary>Where completions come from: <c>inprocess</c> (the TorchSharp engine, <see cref="Model"/> is a folder) or
    /// <c>openai</c> (an OpenAI-compatible server at <see cref="BaseUrl"/>, <see cref="Model"/> is the served model name).</summary>
    public string Backend { get; set; } = "inprocess";
    /// <summary>Hugging Face Llama model folder (<c>inprocess</c>), or the served model name (<c>openai</c>).</summary>
    public string Model { get; set; } = "";
    /// <summary><c>openai</c>: base URL with the API path, e.g. <c>http://127.0.0.1:8000/v1</c>.</summary>
    public string BaseUrl { get; set; } = "";
    /// <summary><c>openai</c>: <c>completions</c> or <c>chat</c> (the server renders the chat template; needs <see cref="Chat"/>);
    /// empty: chat when <see cref="Chat"/> is on, else completions.</summary>
    public string Endpoint { get; set; } = "";
    /// <summary><c>openai</c>: the NAME of the environment variable holding the API key (never the key); empty sends none.</summary>
    public string ApiKeyEnv { get; set; } = "";
    /// <summary><c>openai</c>: most requests in flight at once.</summary>
    public int MaxConcurrency { get; set; } = 8;
    /// <summary><c>openai</c>: seconds one attempt may take, body included, before it is cancelled and retried.</summary>
    public double TimeoutS { get; set; } = 300;
    /// <summary><c>openai</c>: retries after the first attempt on 408, 429, 5xx, connection failures and timeouts.</summary>
    public int MaxRetries { get; set; } = 4;
    /// <summary><c>openai</c>: base delay of the exponential, jittered backoff in seconds (a <c>Retry-After</c> header wins).</summary>
    public double RetryDelayS { get; set; } = 1;
    /// <summary><c>openai</c>: longest wait between attempts in seconds, a server's <c>Retry-After</c> included.</summary>
    public double MaxRetryDelayS { get; set; } = 60;
    /// <summary><c>openai</c>: attempts in a 30-second window before the circuit breaker may open (at a 50% failure share).</summary>
    public int BreakerMinRequests { get; set; } = 20;
    /// <summary><c>openai</c>: seconds an open circuit breaker refuses requests.</summary>
    public double BreakerBreakS { get; set; } = 30;
    /// <summary><c>openai</c>: largest response body in MiB; a larger one is that sample's error.</summary>
    public int MaxResponseMb { get; set; } = 16;
    /// <summary><c>openai</c>: the served model's context length, to cut long seeds (needs <see cref="Tokenizer"/>); 0: unknown.</summary>
    public int ContextLength { get; set; }
    /// <summary>tokenizer.json (or its folder); empty uses the model folder.</summary>
    public string Tokenizer { get; set; } = "";
    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "cpu";
    /// <summary>Compute dtype; empty: float32 on CPU, bfloat16 on CUDA.</summary>
    public string Dtype { get; set; } = "";
    /// <summary>Decode batch; 0 sizes it from free memory.</summary>
    public int MaxBatch { get; set; }
    /// <summary>Output folder (parts, stats, run fingerprint).</summary>
    public string Output { get; set; } = "";
    /// <summary>Samples generated per seed (n for majority vote / pass rate).</summary>
    public int SamplesPerSeed { get; set; } = 1;
    /// <summary>Base seed; each request's seed derives from it, the seed id and the sample index.</summary>
    public long Seed { get; set; }
    /// <summary>Seeds per output part (the unit of resume and of one batched generation call).</summary>
    public int SeedsPerPart { get; set; } = 256;
    /// <summary>Read at most this many input records; 0 reads all.</summary>
    public long Limit { get; set; }
    /// <summary>Override the template's greedy setting.</summary>
    public bool? Greedy { get; set; }
    /// <summary>Override the template's temperature.</summary>
    public double? Temperature { get; set; }
    /// <summary>Override the template's top_p.</summary>
    public double? TopP { get; set; }
    /// <summary>Override the template's top_k.</summary>
    public int? TopK { get; set; }
    /// <summary>Override the template's max_new_tokens.</summary>
    public int? MaxNewTokens { get; set; }
    /// <summary>Reject (instead of stopping the job) seeds that lack a field the template uses.</summary>
    public bool SkipMissingFields { get; set; }
    /// <summary>Format of each sample's training <c>text</c> (placeholders <c>{question}</c>, <c>{solution}</c>,
    /// <c>{prompt}</c>, <c>{completion}</c>); empty: question, blank line, solution.</summary>
    public string TextFormat { get; set; } = "";
    /// <summary>Generated samples whose estimated Jaccard similarity (MinHash) to an earlier kept sample of the job
    /// reaches this are rejected as <c>near_duplicate</c>, within a seed and across seeds; 0 keeps them all.</summary>
    public double NearDuplicateThreshold { get; set; } = 0.8;
    /// <summary>Benchmark n-gram index (from <c>decontam build</c>); kept samples whose text matches an item are
    /// rejected as <c>contaminated:BENCHMARK</c>. Empty: no decontamination step.</summary>
    public string DecontaminationIndex { get; set; } = "";
    /// <summary>Sandbox CPU seconds per code check.</summary>
    public int SandboxCpuSeconds { get; set; } = 5;
    /// <summary>Sandbox wall-clock seconds per code check.</summary>
    public double SandboxWallSeconds { get; set; } = 10;
    /// <summary>Sandbox address-space limit in MiB.</summary>
    public int SandboxMemoryMb { get; set; } = 512;

    /// <summary>Whether to render each filled prompt as the user turn of the model's chat template (tokenizer_config.json).</summary>
    public bool Chat { get; set; }
    /// <summary>System turn put before the user turn when <see cref="Chat"/> is on; empty for none.</summary>
    public string System { get; set; } = "";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Input.Count == 0) throw new ArgumentException("input: at least one seed file or glob is required");
        if (string.IsNullOrWhiteSpace(Template)) throw new ArgumentException("template is required");
        if (Backend is not ("inprocess" or "openai")) throw new ArgumentException($"backend must be inprocess or openai, got '{Backend}'");
        if (string.IsNullOrWhiteSpace(Model))
            throw new ArgumentException(Backend == "openai" ? "model is required (the served model name)" : "model is required (a Hugging Face Llama folder)");
        if (string.IsNullOrWhiteSpace(Output)) throw new ArgumentException("output is required");
        if (SamplesPerSeed < 1) throw new ArgumentException($"samples_per_seed must be at least 1, got {SamplesPerSeed}");
        if (SeedsPerPart < 1) throw new ArgumentException($"seeds_per_part must be at least 1, got {SeedsPerPart}");
        if (MaxBatch < 0) throw new ArgumentException($"max_batch must be >= 0, got {MaxBatch}");
        if (!Chat && !string.IsNullOrEmpty(System)) throw new ArgumentException("system needs chat: true");
        if (Limit < 0) throw new ArgumentException($"limit must be >= 0, got {Limit}");
        if (NearDuplicateThreshold is < 0 or > 1) throw new ArgumentException($"near_duplicate_threshold must be in [0, 1], got {NearDuplicateThreshold}");
        if (SandboxCpuSeconds < 1 || SandboxWallSeconds <= 0 || SandboxMemoryMb < 16) throw new ArgumentException("sandbox limits must be positive (memory at least 16 MiB)");
    }
}
