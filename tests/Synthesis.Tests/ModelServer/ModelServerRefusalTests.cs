using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Cli.ModelServer;

namespace YuLanData.Synthesis.Tests.ModelServer;

/// <summary>
/// Hostile or excessive requests to <c>serve-model</c>, each refused with an OpenAI-style error body and the proper
/// status over real HTTP; unsafe binds refused at start; a client that goes away stops its generation.
/// </summary>
public sealed class ModelServerRefusalTests
{
    private static JsonObject Completion(int maxTokens = 8) => new()
    {
        ["model"] = ModelServerHarness.Model, ["prompt"] = "Hello", ["max_tokens"] = maxTokens, ["seed"] = 1,
    };

    private static void AssertError(JsonObject body, string? code = null, string? param = null)
    {
        var error = body["error"]!;
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(error["type"]!.GetValue<string>()));
        if (code is not null) Assert.Equal(code, error["code"]!.GetValue<string>());
        if (param is not null) Assert.Equal(param, error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Max_tokens_over_the_limit_is_400()
    {
        await using var h = await ModelServerHarness.StartAsync(o => o with { MaxTokensLimit = 64 });
        var (status, body) = await h.PostAsync("v1/completions", Completion(1_000_000_000));
        Assert.Equal(400, status);
        AssertError(body, param: "max_tokens");
        Assert.Equal(0, h.Server.Engine.GeneratedTokens);
        Assert.Equal(200, (await h.PostAsync("v1/completions", Completion(64))).Status);
    }

    [Fact]
    public async Task Prompt_plus_max_tokens_over_the_context_is_400()
    {
        await using var h = await ModelServerHarness.StartAsync(o => o with { MaxModelLength = 64, MaxTokensLimit = 1000 });
        var (status, body) = await h.PostAsync("v1/completions", Completion(60));
        Assert.Equal(400, status);
        AssertError(body, param: "max_tokens");
    }

    [Fact]
    public async Task N_over_the_limit_and_too_many_sequences_are_400()
    {
        await using var h = await ModelServerHarness.StartAsync(o => o with { MaxChoices = 4, MaxSequencesPerRequest = 6 });
        var tooMany = Completion();
        tooMany["n"] = 5;
        var (status, body) = await h.PostAsync("v1/completions", tooMany);
        Assert.Equal(400, status);
        AssertError(body, param: "n");
        var batch = Completion();
        batch["n"] = 4;
        batch["prompt"] = new JsonArray("a", "b");
        Assert.Equal(400, (await h.PostAsync("v1/completions", batch)).Status);
        Assert.Equal(0, h.Server.Engine.GeneratedTokens);
    }

    [Fact]
    public async Task Oversize_bodies_are_413_whether_announced_or_chunked()
    {
        await using var h = await ModelServerHarness.StartAsync(o => o with { MaxBodyBytes = 4096 });
        var big = Completion();
        big["prompt"] = new string('x', 10_000);
        var (status, body) = await h.PostAsync("v1/completions", big);
        Assert.Equal(413, status);
        AssertError(body, code: "request_too_large");
        // Without Content-Length (chunked): the limit holds while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big.ToJsonString())));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = chunked };
        message.Headers.TransferEncodingChunked = true;
        try
        {
            using var response = await h.Client.SendAsync(message);
            Assert.Equal(413, (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The server may answer 413 and close before the client has sent everything; either way nothing ran.
        }
        Assert.Equal(0, h.Server.Engine.GeneratedTokens);
        Assert.Equal(200, (await h.PostAsync("v1/completions", Completion())).Status);
    }

    [Fact]
    public async Task Deeply_nested_or_malformed_json_and_other_media_types_are_refused()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var deep = "{\"model\":\"tiny\",\"prompt\":\"a\",\"x\":" + new string('[', 100) + new string(']', 100) + "}";
        using var deepResponse = await h.Client.PostAsync("v1/completions", new StringContent(deep, Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)deepResponse.StatusCode);
        using var broken = await h.Client.PostAsync("v1/completions", new StringContent("{\"model\":", Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)broken.StatusCode);
        using var form = await h.Client.PostAsync("v1/completions", new StringContent("model=tiny", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(415, (int)form.StatusCode);
        AssertError((JsonObject)JsonNode.Parse(await form.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Unknown_model_is_404()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var body = Completion();
        body["model"] = "gpt-4";
        var (status, error) = await h.PostAsync("v1/completions", body);
        Assert.Equal(404, status);
        AssertError(error, code: "model_not_found", param: "model");
    }

    [Fact]
    public async Task A_request_beyond_the_concurrency_limit_is_429_and_a_departed_client_frees_its_place()
    {
        await using var h = await ModelServerHarness.StartAsync(o => o with { MaxConcurrentRequests = 1 });
        var holding = new JsonObject
        {
            // Greedy on this prompt runs the full 460 tokens (checked by the disconnect test below), so it is still running.
            ["model"] = ModelServerHarness.Model, ["max_tokens"] = 460, ["temperature"] = 0, ["n"] = 4, ["stream"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Tell me everything." }),
        };
        using var stream = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ModelServerHarness.Json(holding) };
        var held = await h.Client.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead);
        var (status, body) = await h.PostAsync("v1/completions", Completion());
        Assert.Equal(429, status);
        AssertError(body, code: "too_many_requests");
        held.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        int last;
        while ((last = (await h.PostAsync("v1/completions", Completion())).Status) == 429 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(200, last);
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_its_sequences()
    {
        var prompt = "<|user|>Tell me everything.\n<|assistant|>";
        // Precondition: greedy decoding of this prompt runs the full 480 tokens (no early EOS).
        var full = ModelServerHarness.InProcess([new("p", ModelServerHarness.Encode(prompt), Inference.Generation.SamplingParameters.GreedyDecoding(460))])[0];
        Assert.Equal(Inference.Generation.FinishReason.Length, full.FinishReason);
        await using var h = await ModelServerHarness.StartAsync(o => o with { MaxBatch = 4 });
        var body = new JsonObject
        {
            ["model"] = ModelServerHarness.Model, ["max_tokens"] = 460, ["temperature"] = 0, ["stream"] = true, ["n"] = 4,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Tell me everything." }),
        };
        using (var message = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ModelServerHarness.Json(body) })
        using (var response = await h.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead))
        {
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (h.Server.Engine.Active > 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(0, h.Server.Engine.Active);
        Assert.Equal(4, h.Server.Engine.CancelledSequences);
        Assert.True(h.Server.Engine.GeneratedTokens < 4 * 460, $"{h.Server.Engine.GeneratedTokens} tokens generated");
    }

    [Fact]
    public async Task Binding_beyond_loopback_without_an_api_key_is_refused_at_start()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ModelServerHarness.StartAsync(o => o with { Urls = ["http://0.0.0.0:0"] }));
        Assert.Contains("API key", e.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ModelServerHarness.StartAsync(o => o with { ApiKey = "short" }));
    }

    [Fact]
    public async Task With_an_api_key_a_missing_or_wrong_bearer_token_is_401()
    {
        const string key = "0123456789abcdef0123456789abcdef";
        await using var h = await ModelServerHarness.StartAsync(o => o with { ApiKey = key });
        var (missing, body) = await h.PostAsync("v1/completions", Completion());
        Assert.Equal(401, missing);
        AssertError(body, code: "invalid_api_key");
        Assert.Equal(401, (await h.PostAsync("v1/completions", Completion(), bearer: key[..^1] + "0")).Status);
        Assert.Equal(401, (await h.PostAsync("v1/completions", Completion(), bearer: key + "x")).Status);
        using (var models = await h.Client.GetAsync("v1/models")) Assert.Equal(401, (int)models.StatusCode);
        Assert.Equal(200, (await h.PostAsync("v1/completions", Completion(), bearer: key)).Status);
    }

    [Fact]
    public async Task A_foreign_host_header_is_refused()
    {
        await using var h = await ModelServerHarness.StartAsync();
        using var message = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        message.Headers.Host = "evil.example";
        using var response = await h.Client.SendAsync(message);
        Assert.Equal(400, (int)response.StatusCode);
    }
}
