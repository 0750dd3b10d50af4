using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace YuLanData.Synthesis.Tests.Backends;

/// <summary>What the test server does with one attempt instead of (or before) answering.</summary>
internal abstract record Fault
{
    /// <summary>Answer with this status code (and an optional Retry-After in seconds) and an error body.</summary>
    public sealed record Status(int Code, int? RetryAfterSeconds = null) : Fault;
    /// <summary>Wait this long, then answer normally.</summary>
    public sealed record Delay(TimeSpan Time) : Fault;
    /// <summary>Answer 200 with a body that is not JSON.</summary>
    public sealed record Malformed : Fault;
    /// <summary>Answer 200 with a valid JSON body of about this many bytes (no Content-Length: chunked).</summary>
    public sealed record Huge(int Bytes) : Fault;
}

/// <summary>
/// A real OpenAI-compatible HTTP server (Kestrel on 127.0.0.1, an ephemeral port) for the backend tests. It answers
/// <c>/v1/completions</c> and <c>/v1/chat/completions</c> deterministically from the prompt and the request's seed
/// (<see cref="Answer"/>), honours <c>stop</c> as vLLM does (text cut before it, <c>stop_reason</c> naming it), and
/// can inject faults per attempt (<see cref="Faults"/>). It counts attempts per (prompt, seed), requests in flight (the
/// most at once) and the Authorization headers it saw.
/// </summary>
internal sealed class OpenAiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _requests;

    public const string Fingerprint = "fp_test_0001";

    /// <summary>The completion text for (prompt or user turn, seed, max_tokens).</summary>
    public Func<string, long, string> Answer { get; set; } = (prompt, seed) => $"answer to {prompt.Length} chars with seed {seed}";
    /// <summary>A fault for (prompt, seed, attempt number from 1), or null to answer.</summary>
    public Func<string, long, int, Fault?> Faults { get; set; } = (_, _, _) => null;
    /// <summary>Model name the server reports (vLLM reports the served name).</summary>
    public string ServedModel { get; set; } = "test-model";

    public ConcurrentDictionary<(string Prompt, long Seed), int> Attempts { get; } = new();
    public ConcurrentBag<JsonObject> Bodies { get; } = [];
    public ConcurrentBag<string> Authorization { get; } = [];
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>e.g. http://127.0.0.1:41234/v1</summary>
    public string BaseUrl { get; }

    private OpenAiTestServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<OpenAiTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        OpenAiTestServer? server = null;
        app.MapPost("/v1/completions", (HttpContext c) => server!.Handle(c, chat: false));
        app.MapPost("/v1/chat/completions", (HttpContext c) => server!.Handle(c, chat: true));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new OpenAiTestServer(app, address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>The prompt a request carried: the completions prompt, or the chat request's last (user) message.</summary>
    public static string PromptOf(JsonObject body) => body["prompt"]?.GetValue<string>() ??
        body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();

    private async Task Handle(HttpContext context, bool chat)
    {
        var now = Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _requests);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen) { }
        try
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            Bodies.Add(body);
            if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth) Authorization.Add(auth);
            var prompt = PromptOf(body);
            var seed = body["seed"]?.GetValue<long>() ?? 0;
            var attempt = Attempts.AddOrUpdate((prompt, seed), 1, (_, n) => n + 1);
            switch (Faults(prompt, seed, attempt))
            {
                case Fault.Status s:
                    context.Response.StatusCode = s.Code;
                    if (s.RetryAfterSeconds is { } after) context.Response.Headers.RetryAfter = after.ToString();
                    await context.Response.WriteAsync("{\"error\": {\"message\": \"injected\"}}");
                    return;
                case Fault.Delay d:
                    try
                    {
                        await Task.Delay(d.Time, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    break;
                case Fault.Malformed:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"choices\": [{\"text\": \"unterminated");
                    return;
                case Fault.Huge h:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"choices\": [{\"text\": \"");
                    var block = new string('x', 64 << 10);
                    for (var written = 0; written < h.Bytes; written += block.Length) await context.Response.WriteAsync(block);
                    await context.Response.WriteAsync("\", \"finish_reason\": \"stop\"}]}");
                    return;
            }
            var text = Answer(prompt, seed);
            string? stopReason = null;
            if (body["stop"] is JsonArray stops)
                foreach (var stop in stops.Select(x => x!.GetValue<string>()))
                    if (text.IndexOf(stop, StringComparison.Ordinal) is var i and >= 0)
                    {
                        text = text[..i];
                        stopReason = stop;
                    }
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var choice = chat
                ? new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text } }
                : new JsonObject { ["index"] = 0, ["text"] = text };
            choice["finish_reason"] = "stop";
            choice["stop_reason"] = stopReason;
            var response = new JsonObject
            {
                ["id"] = "cmpl-" + Guid.NewGuid().ToString("N"),          // random per request, as vLLM's
                ["object"] = chat ? "chat.completion" : "text_completion",
                ["model"] = ServedModel,
                ["system_fingerprint"] = Fingerprint,
                ["choices"] = new JsonArray(choice),
                ["usage"] = new JsonObject { ["prompt_tokens"] = prompt.Length / 4, ["completion_tokens"] = words, ["total_tokens"] = prompt.Length / 4 + words },
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.ToJsonString(), Encoding.UTF8);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
