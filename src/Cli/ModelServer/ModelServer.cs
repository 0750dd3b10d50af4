using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Model;
using YuLanData.Inference.Native;
using YuLanData.Inference.Serving;
using YuLanData.Inference.Templates;
using YuLanData.Service.Security;
using static TorchSharp.torch;

namespace YuLanData.Cli.ModelServer;

/// <summary>
/// <c>yulandata serve-model</c>: an OpenAI-compatible server (<c>/v1/completions</c>, <c>/v1/chat/completions</c>,
/// <c>/v1/models</c>) on the project's engine. All requests share one <see cref="ServingEngine"/>, so sequences of
/// concurrent requests are batched together as they come and go. Same rules as <c>serve</c>: loopback by default,
/// a bearer token required to bind anywhere else, a host allow-list against DNS rebinding, and limits on body size,
/// <c>max_tokens</c>, <c>n</c> and concurrent requests, each refusal an OpenAI-style error.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LlamaModel _model;
    private readonly ModelServerOptions _options;
    private readonly TokenizerFunctions _tokenizer;
    private readonly ChatTemplate? _template;
    private readonly byte[]? _apiKey;
    private readonly HostAllowList _hosts;
    private int _inFlight;

    private ModelServer(WebApplication app, LlamaModel model, ServingEngine engine, ModelServerOptions options, TokenizerFunctions tokenizer, ChatTemplate? template)
    {
        _app = app;
        _model = model;
        Engine = engine;
        _options = options;
        _tokenizer = tokenizer;
        _template = template;
        _apiKey = options.ApiKey is { } key ? Encoding.UTF8.GetBytes(key) : null;
        _hosts = new HostAllowList(options.Urls, options.AllowedHosts);
    }

    /// <summary>The shared generation loop.</summary>
    public ServingEngine Engine { get; }

    /// <summary>The addresses actually bound (a port 0 resolved).</summary>
    public IReadOnlyList<string> Addresses => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();

    /// <summary>Loads the model and tokenizer, checks the settings and starts listening.</summary>
    /// <param name="options">Model, addresses and limits.</param>
    /// <param name="log">Where start-up lines go.</param>
    /// <exception cref="InvalidOperationException">A non-loopback URL without an API key, or an API key shorter than 16 characters.</exception>
    public static async Task<ModelServer> StartAsync(ModelServerOptions options, TextWriter log)
    {
        if (!BindAddresses.AllLoopback(options.Urls) && string.IsNullOrEmpty(options.ApiKey))
            throw new InvalidOperationException($"refusing to listen on {string.Join(", ", options.Urls)} without an API key: anything beyond loopback needs --api-key-file (or YULANDATA_API_KEY)");
        if (options.ApiKey is { Length: < 16 })
            throw new InvalidOperationException("the API key must be at least 16 characters");
        if (options.MaxBatch < 1 || options.MaxTokensLimit < 1 || options.MaxChoices < 1 || options.MaxConcurrentRequests < 1 || options.MaxSequencesPerRequest < 1)
            throw new InvalidOperationException("limits must be at least 1");
        var tokenizerPath = options.Tokenizer ?? options.ModelDir;
        var shared = Commands.TokenizerBridge.Factory(tokenizerPath);
        // Request threads and the engine's loop encode and decode at once; the tokenizer is not safe for that.
        var gate = new object();
        var tokenizer = new TokenizerFunctions(
            text => { lock (gate) return shared.Encode(text); },
            ids => { lock (gate) return shared.Decode(ids); });
        var template = FindTemplate(options.Tokenizer, options.ModelDir);
        var device = TorchRuntime.Device(options.Device);
        var dtype = TorchRuntime.DType(options.DType, device);
        var model = LlamaModel.Load(options.ModelDir, device, dtype);
        ServingEngine? engine = null;
        try
        {
            engine = new ServingEngine(model, options.MaxBatch, options.MaxModelLength, detokenize: tokenizer.Decode);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls([.. options.Urls]);
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
            var app = builder.Build();
            var server = new ModelServer(app, model, engine, options, tokenizer, template);
            server.Map(app);
            await app.StartAsync();
            log.WriteLine($"serve-model: {options.ServedModelName} ({options.ModelDir}, {device}, batch {engine.Batch}, context {engine.MaxLength}{(template is null ? ", no chat template" : "")}) on {string.Join(", ", server.Addresses)}");
            return server;
        }
        catch
        {
            engine?.Dispose();
            model.Dispose();
            throw;
        }
    }

    /// <summary>The first chat template found beside the tokenizer or in the model folder; null when none names one (chat requests are then refused).</summary>
    private static ChatTemplate? FindTemplate(string? tokenizerPath, string modelDir)
    {
        foreach (var dir in ChatTemplate.ConfigFolders(tokenizerPath, modelDir))
        {
            var config = Path.Combine(dir, "tokenizer_config.json");
            if (File.Exists(config) && ChatTemplate.TryLoad(config) is { } template)
                return template;
        }
        return null;
    }

    /// <summary>Waits until the host stops (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!_hosts.Allows(context.Request.Host.Host))
            {
                await new OpenAiError(400, $"host '{context.Request.Host.Host}' is not served (allow it with --allowed-host)", Code: "host_not_allowed").WriteAsync(context.Response);
                return;
            }
            if (_apiKey is not null && !Authorized(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await new OpenAiError(401, "missing or wrong API key (Authorization: Bearer KEY)", "authentication_error", Code: "invalid_api_key").WriteAsync(context.Response);
                return;
            }
            await next(context);
        });
        app.MapGet("/v1/models", () => Results.Text(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = _options.ServedModelName, ["object"] = "model", ["created"] = 0, ["owned_by"] = "yulandata", ["max_model_len"] = Engine.MaxLength,
            }),
        }.ToJsonString(), "application/json"));
        app.MapGet("/health", () => Results.Ok());
        app.MapPost("/v1/completions", context => Complete(context, chat: false));
        app.MapPost("/v1/chat/completions", context => Complete(context, chat: true));
        app.MapFallback(context => new OpenAiError(404, $"no route {context.Request.Method} {context.Request.Path}", Code: "not_found").WriteAsync(context.Response));
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var presented = Encoding.UTF8.GetBytes(header[7..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _apiKey);
    }

    private async Task Complete(HttpContext context, bool chat)
    {
        if (Interlocked.Increment(ref _inFlight) > _options.MaxConcurrentRequests)
        {
            Interlocked.Decrement(ref _inFlight);
            context.Response.Headers.RetryAfter = "1";
            await new OpenAiError(429, $"more than {_options.MaxConcurrentRequests} requests at once; retry later", "rate_limit_error", Code: "too_many_requests").WriteAsync(context.Response);
            return;
        }
        var handles = new List<ServingHandle>();
        try
        {
            var body = await ReadBody(context.Request);
            var request = CompletionRequest.Parse(body, chat, _options, _tokenizer.Encode, _template, Engine.MaxLength);
            if (request.Model != _options.ServedModelName)
                throw new OpenAiErrorException(new OpenAiError(404, $"the model '{request.Model}' does not exist; this server serves '{_options.ServedModelName}'", Param: "model", Code: "model_not_found"));
            var id = (chat ? "chatcmpl-" : "cmpl-") + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            using var abort = context.RequestAborted.Register(() =>
            {
                lock (handles)
                    foreach (var h in handles) h.Cancel();
            });
            try
            {
                foreach (var generation in request.ToGenerationRequests(id))
                    lock (handles)
                        handles.Add(Engine.Submit(generation, request.Stream));
            }
            catch (ArgumentException e)
            {
                lock (handles)
                    foreach (var h in handles) h.Cancel();
                throw new OpenAiErrorException(OpenAiError.Invalid(e.Message));
            }
            var answer = new CompletionAnswer(id, request, _options.ServedModelName, handles, _tokenizer.Decode);
            if (request.Stream) await answer.StreamAsync(context.Response, context.RequestAborted);
            else await answer.WriteAsync(context.Response);
        }
        catch (OpenAiErrorException e)
        {
            if (!context.Response.HasStarted) await e.Error.WriteAsync(context.Response);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            // However the answer ended (client gone mid-stream, a write failed), nothing keeps generating for it.
            lock (handles)
                foreach (var h in handles)
                    if (!h.Result.IsCompleted) h.Cancel();
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBody(HttpRequest request)
    {
        if (request.ContentLength > _options.MaxBodyBytes) throw TooLarge();
        if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new OpenAiErrorException(new OpenAiError(415, "the body must be application/json", Code: "unsupported_media_type"));
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > _options.MaxBodyBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == (int)HttpStatusCode.RequestEntityTooLarge)
        {
            throw TooLarge();
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private OpenAiErrorException TooLarge() =>
        new(new OpenAiError(413, $"the body exceeds {_options.MaxBodyBytes} bytes", Code: "request_too_large"));

    /// <summary>Stops listening, then the engine (unfinished requests fail), then frees the model.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Engine.Dispose();
        _model.Dispose();
    }
}
