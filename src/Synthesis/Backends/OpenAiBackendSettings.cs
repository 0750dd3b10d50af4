using System.Text.RegularExpressions;
using YuLanData.Synthesis.Job;

namespace YuLanData.Synthesis.Backends;

/// <summary>The validated settings of an <c>openai</c> backend, taken from the job's options.</summary>
public sealed partial record OpenAiBackendSettings
{
    /// <summary>Base URL including the API version path, e.g. <c>http://127.0.0.1:8000/v1</c>; requests go to
    /// <c>{base_url}/completions</c> or <c>{base_url}/chat/completions</c>.</summary>
    public required Uri BaseUrl { get; init; }
    /// <summary>The served model name sent as <c>model</c>.</summary>
    public required string Model { get; init; }
    /// <summary><c>completions</c> or <c>chat</c>.</summary>
    public required string Endpoint { get; init; }
    /// <summary>Name of the environment variable holding the API key, or empty for none.</summary>
    public string ApiKeyEnv { get; init; } = "";
    /// <summary>Most requests in flight at once.</summary>
    public int MaxConcurrency { get; init; } = 8;
    /// <summary>Limit of one attempt (sending, waiting and reading the whole body).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(300);
    /// <summary>Retries after the first attempt on 408, 429, 5xx, connection failures and attempt timeouts.</summary>
    public int MaxRetries { get; init; } = 4;
    /// <summary>Base delay of the exponential backoff (with jitter; a <c>Retry-After</c> header is honoured).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest wait between two attempts, whatever the backoff or a <c>Retry-After</c> header says.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Attempts in the 30-second sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; init; } = 20;
    /// <summary>How long an open breaker refuses requests.</summary>
    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Largest response body read; a larger one is a per-sample error.</summary>
    public long MaxResponseBytes { get; init; } = 16 << 20;
    /// <summary>System turn sent before the user turn by the chat endpoint; empty for none.</summary>
    public string System { get; init; } = "";
    /// <summary>Context length of the served model, or null when unknown.</summary>
    public int? ContextLength { get; init; }

    /// <summary>The completions or chat completions URL.</summary>
    public Uri EndpointUrl => new(BaseUrl.AbsoluteUri.TrimEnd('/') + (Endpoint == "chat" ? "/chat/completions" : "/completions"));

    /// <summary>Reads and checks the backend keys of a job.</summary>
    /// <param name="o">The job options (<c>backend: openai</c>).</param>
    /// <exception cref="ArgumentException">A key is missing or unsafe; the message names it.</exception>
    public static OpenAiBackendSettings From(SynthesisJobOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.BaseUrl)) throw new ArgumentException("backend: openai needs base_url (e.g. http://127.0.0.1:8000/v1)");
        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"base_url must be an absolute http or https URL, got '{o.BaseUrl}'");
        if (url.UserInfo.Length > 0) throw new ArgumentException("base_url must not hold credentials; put the key in the environment variable named by api_key_env");
        if (url.Query.Length > 0 || url.Fragment.Length > 0) throw new ArgumentException($"base_url must not have a query or fragment, got '{o.BaseUrl}'");
        if (string.IsNullOrWhiteSpace(o.Model)) throw new ArgumentException("backend: openai needs model (the served model name, as GET {base_url}/models lists it)");
        var endpoint = o.Endpoint.Length == 0 ? (o.Chat ? "chat" : "completions") : o.Endpoint;
        if (endpoint is not ("completions" or "chat")) throw new ArgumentException($"endpoint must be completions or chat, got '{o.Endpoint}'");
        if (endpoint == "chat" && !o.Chat) throw new ArgumentException("endpoint: chat sends the prompt as the user turn of the server's chat template; set chat: true");
        if (o.ApiKeyEnv.Length > 0) CheckKeyName(o.ApiKeyEnv);
        if (o.MaxConcurrency is < 1 or > 1024) throw new ArgumentException($"max_concurrency must be in [1, 1024], got {o.MaxConcurrency}");
        if (!(o.TimeoutS > 0) || o.TimeoutS > 86400) throw new ArgumentException($"timeout_s must be in (0, 86400], got {o.TimeoutS}");
        if (o.MaxRetries is < 0 or > 100) throw new ArgumentException($"max_retries must be in [0, 100], got {o.MaxRetries}");
        if (!(o.RetryDelayS >= 0) || o.RetryDelayS > 3600) throw new ArgumentException($"retry_delay_s must be in [0, 3600], got {o.RetryDelayS}");
        if (!(o.MaxRetryDelayS >= o.RetryDelayS) || o.MaxRetryDelayS > 86400)
            throw new ArgumentException($"max_retry_delay_s must be in [retry_delay_s, 86400], got {o.MaxRetryDelayS}");
        if (o.BreakerMinRequests < 2) throw new ArgumentException($"breaker_min_requests must be at least 2, got {o.BreakerMinRequests}");
        if (!(o.BreakerBreakS >= 0.5) || o.BreakerBreakS > 86400) throw new ArgumentException($"breaker_break_s must be in [0.5, 86400], got {o.BreakerBreakS}");
        if (o.MaxResponseMb is < 1 or > 1024) throw new ArgumentException($"max_response_mb must be in [1, 1024], got {o.MaxResponseMb}");
        if (o.ContextLength < 0) throw new ArgumentException($"context_length must be >= 0, got {o.ContextLength}");
        return new OpenAiBackendSettings
        {
            BaseUrl = url,
            Model = o.Model,
            Endpoint = endpoint,
            ApiKeyEnv = o.ApiKeyEnv,
            MaxConcurrency = o.MaxConcurrency,
            AttemptTimeout = TimeSpan.FromSeconds(o.TimeoutS),
            MaxRetries = o.MaxRetries,
            RetryDelay = TimeSpan.FromSeconds(o.RetryDelayS),
            MaxRetryDelay = TimeSpan.FromSeconds(o.MaxRetryDelayS),
            BreakerMinimumThroughput = o.BreakerMinRequests,
            BreakerBreakDuration = TimeSpan.FromSeconds(o.BreakerBreakS),
            MaxResponseBytes = (long)o.MaxResponseMb << 20,
            ContextLength = o.ContextLength > 0 ? o.ContextLength : null,
            System = o.System,
        };
    }

    /// <summary>Refuses anything but an environment variable's name: a key pasted into the YAML would end up in version
    /// control and in <c>run.json</c>.</summary>
    private static void CheckKeyName(string name)
    {
        var looksLikeKey = name.StartsWith("sk-", StringComparison.OrdinalIgnoreCase) || name.Length > 64 ||
                           (name.Length >= 20 && !name.Contains('_') && name.Any(char.IsDigit));
        if (looksLikeKey || !EnvironmentVariableName().IsMatch(name))
            throw new ArgumentException("api_key_env must be the NAME of an environment variable holding the key (letters, digits and '_', " +
                                        "e.g. VLLM_API_KEY), never the key itself; the value given looks like a key and is not repeated here");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();
}
