using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Tokenization;
using YuLanData.Synthesis.Job;

namespace YuLanData.Synthesis.Backends;

/// <summary>
/// Any OpenAI-compatible server (vLLM, SGLang, TGI, llama.cpp server) through <c>/v1/completions</c> or
/// <c>/v1/chat/completions</c>, with a thin <see cref="HttpClient"/>: one request per sample (<c>n</c> = 1) carrying the
/// sample's own <c>seed</c>, at most <see cref="OpenAiBackendSettings.MaxConcurrency"/> in flight, results put back
/// in request order. Each request goes through a Polly pipeline (Microsoft.Extensions.Http.Resilience): retries with
/// exponential backoff and jitter on 408, 429, 5xx, connection failures and attempt timeouts (honouring
/// <c>Retry-After</c> up to <see cref="OpenAiBackendSettings.MaxRetryDelay"/>), a circuit breaker that opens when half the attempts of a 30-second window fail, and a timeout
/// per attempt that covers reading the (size-limited) body.
/// </summary>
public sealed class OpenAiBackend : IGenerationBackend
{
    private readonly OpenAiBackendSettings _settings;
    private readonly HuggingFaceTokenizer? _tokenizer;
    private readonly HttpClient _http;
    private readonly string? _apiKey;
    private readonly Uri _endpoint;

    /// <param name="settings">Server, model and limits.</param>
    /// <param name="tokenizer">A local tokenizer of the served model (to cut long seeds and count tokens), or null.</param>
    /// <param name="tokenizerHash">Its file hash, or empty.</param>
    /// <param name="log">Warnings (a key sent over plain http off this machine).</param>
    /// <exception cref="ArgumentException"><see cref="OpenAiBackendSettings.ApiKeyEnv"/> names an unset variable.</exception>
    public OpenAiBackend(OpenAiBackendSettings settings, HuggingFaceTokenizer? tokenizer, string tokenizerHash, TextWriter log)
    {
        _settings = settings;
        _tokenizer = tokenizer;
        TokenizerHash = tokenizerHash;
        _endpoint = settings.EndpointUrl;
        if (settings.ApiKeyEnv.Length > 0)
        {
            _apiKey = Environment.GetEnvironmentVariable(settings.ApiKeyEnv);
            if (string.IsNullOrEmpty(_apiKey)) throw new ArgumentException($"api_key_env: environment variable {settings.ApiKeyEnv} is not set");
            if (settings.BaseUrl.Scheme == "http" && !settings.BaseUrl.IsLoopback)
                log.WriteLine($"synthesize: warning: the API key in {settings.ApiKeyEnv} is sent over plain http to {settings.BaseUrl.Host}");
        }
        var transport = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,                                  // never carry the key to another host
            AutomaticDecompression = DecompressionMethods.None,         // no decompression bombs
            ConnectTimeout = settings.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseHeadersLength = 64,                              // KiB
        };
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(settings.MaxRetries, 1),
                ShouldHandle = settings.MaxRetries == 0 ? _ => ValueTask.FromResult(false) : new HttpRetryStrategyOptions().ShouldHandle,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
                MaxDelay = settings.MaxRetryDelay,
                // Polly's own Retry-After handling takes any delay the server names; a hostile one could park the job for
                // days. The header is honoured up to max_retry_delay_s.
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, settings.MaxRetryDelay)),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = settings.BreakerBreakDuration,
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.AttemptTimeout })
            .Build();
        _http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new BoundedBodyHandler(settings.MaxResponseBytes, transport) })
        {
            Timeout = Timeout.InfiniteTimeSpan,                         // the pipeline's timeouts govern
        };
    }

    /// <summary>The delay a response's <c>Retry-After</c> header asks for, at most <paramref name="max"/>; null without one.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        if (response?.Headers.RetryAfter is not { } header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, max.Ticks)) : null;
    }

    /// <inheritdoc/>
    public string Kind => "openai";
    /// <inheritdoc/>
    public string ModelPath => _settings.BaseUrl.AbsoluteUri;
    /// <inheritdoc/>
    public string ModelHash => "openai:" + _settings.Model;
    /// <inheritdoc/>
    public string TokenizerHash { get; }
    /// <inheritdoc/>
    public int? ContextLength => _settings.ContextLength;
    /// <inheritdoc/>
    public bool RendersChat => _settings.Endpoint == "chat";

    /// <inheritdoc/>
    public int? CountTokens(string text) => _tokenizer?.CountTokens(text);

    /// <inheritdoc/>
    public BackendPrompt Prepare(string filled, ChatPrompt? chat)
    {
        if (RendersChat) return new BackendPrompt(filled, _tokenizer?.Encode(filled, addSpecialTokens: false), _settings.System.Length > 0 ? _settings.System : null);
        var text = chat is null ? filled : chat.Render(filled);
        return new BackendPrompt(text, _tokenizer?.Encode(text, addSpecialTokens: chat is null));
    }

    /// <inheritdoc/>
    public IReadOnlyList<BackendResult> Generate(IReadOnlyList<BackendRequest> requests, Action<int, long>? progress) =>
        GenerateAsync(requests, progress).GetAwaiter().GetResult();

    private async Task<IReadOnlyList<BackendResult>> GenerateAsync(IReadOnlyList<BackendRequest> requests, Action<int, long>? progress)
    {
        var results = new BackendResult[requests.Count];
        using var gate = new SemaphoreSlim(_settings.MaxConcurrency);
        using var abort = new CancellationTokenSource();
        BackendUnavailableException? failure = null;
        int done = 0;
        long tokens = 0;
        var lockProgress = new object();
        async Task One(int i)
        {
            try
            {
                await gate.WaitAsync(abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                results[i] = await SendAsync(requests[i], abort.Token).ConfigureAwait(false);
                lock (lockProgress)
                {
                    done++;
                    tokens += results[i].CompletionTokens;
                    progress?.Invoke(done, tokens);
                }
            }
            catch (BackendUnavailableException e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                await abort.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
            }
            finally
            {
                gate.Release();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, requests.Count).Select(One)).ConfigureAwait(false);
        if (failure is not null) throw failure;
        return results;
    }

    private async Task<BackendResult> SendAsync(BackendRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(RequestBody(request), Encoding.UTF8, "application/json"),
        };
        if (_apiKey is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (ResponseTooLargeException e)
        {
            return Result(request, OpenAiResponse.Fail(request, e.Message));
        }
        catch (BrokenCircuitException e)
        {
            throw Unavailable(request, $"the circuit breaker is open after repeated failures ({e.Message})", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw Unavailable(request, $"no complete answer within timeout_s {_settings.AttemptTimeout.TotalSeconds:0.###} s, {_settings.MaxRetries} retries", e);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable(request, $"{e.Message} (after {_settings.MaxRetries} retries)", e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is 408 or 429 || status >= 500)
                throw Unavailable(request, $"HTTP {status} after {_settings.MaxRetries} retries: {Snippet(body)}", null);
            if (status is < 200 or > 299)
                return Result(request, OpenAiResponse.Fail(request, $"server refused the request with HTTP {status}: {Snippet(body)}"));
            return Result(request, OpenAiResponse.Parse(request, body, RendersChat));
        }
    }

    private BackendResult Result(BackendRequest request, (GenerationResult Result, int PromptTokens, int CompletionTokens, string? Served, string? Fingerprint) r)
    {
        var completionTokens = r.CompletionTokens;
        var promptTokens = r.PromptTokens;
        // Servers that report no usage: count with the local tokenizer when there is one.
        if (r.Result.Text is { } text && completionTokens == 0 && _tokenizer is not null) completionTokens = _tokenizer.CountTokens(text, addSpecialTokens: false);
        if (promptTokens == 0 && request.Prompt.Ids is { } ids) promptTokens = ids.Length;
        var provenance = new JsonObject
        {
            ["backend"] = "openai",
            ["base_url"] = _settings.BaseUrl.AbsoluteUri,
            ["endpoint"] = _settings.Endpoint,
            ["model"] = _settings.Model,
            ["served_model"] = r.Served,
            ["system_fingerprint"] = r.Fingerprint,
        };
        return new BackendResult(r.Result with { PromptTokens = promptTokens }, promptTokens, completionTokens, provenance.ToJsonString());
    }

    private BackendUnavailableException Unavailable(BackendRequest request, string what, Exception? inner) =>
        new($"server {_endpoint} unavailable for request {request.Id}: {what}; the part in progress was not written, rerun to resume", inner);

    private static string Snippet(byte[] body) => OpenAiResponse.Shorten(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400)), 300);

    /// <summary>The JSON body of one request: OpenAI's fields plus vLLM's <c>top_k</c> and <c>repetition_penalty</c> when set.</summary>
    private string RequestBody(BackendRequest request)
    {
        var s = request.Sampling;
        var body = new JsonObject { ["model"] = _settings.Model };
        if (RendersChat)
        {
            var messages = new JsonArray();
            if (!string.IsNullOrEmpty(request.Prompt.System)) messages.Add(new JsonObject { ["role"] = "system", ["content"] = request.Prompt.System });
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = request.Prompt.Text });
            body["messages"] = messages;
        }
        else
        {
            body["prompt"] = request.Prompt.Text;
        }
        body["max_tokens"] = s.MaxNewTokens;
        body["n"] = 1;
        body["temperature"] = s.Greedy ? 0.0 : s.Temperature;
        body["top_p"] = s.Greedy ? 1.0 : s.TopP;
        if (!s.Greedy && s.TopK > 0) body["top_k"] = s.TopK;
        if (s.RepetitionPenalty != 1.0) body["repetition_penalty"] = s.RepetitionPenalty;
        if (s.Seed is { } seed) body["seed"] = seed;
        if (s.StopStrings.Count > 0) body["stop"] = new JsonArray(s.StopStrings.Select(x => (JsonNode)x).ToArray());
        body["stream"] = false;
        return body.ToJsonString();
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _http.Dispose();
}
