using System.Text.Json.Nodes;
using YuLanData.Inference.Generation;

namespace YuLanData.Synthesis.Tests.ModelServer;

/// <summary>
/// <c>serve-model</c> over real HTTP on the tiny Llama: answers equal in-process generation with the same seeds,
/// whatever else runs at the same time; <c>n</c>, <c>stop</c>, <c>logprobs</c>, <c>usage</c>, chat templates and
/// streaming.
/// </summary>
public sealed class ModelServerCompletionTests
{
    private static JsonObject Completion(string prompt, int maxTokens, long seed, double temperature = 0.9) => new()
    {
        ["model"] = ModelServerHarness.Model, ["prompt"] = prompt, ["max_tokens"] = maxTokens, ["seed"] = seed, ["temperature"] = temperature,
    };

    private static GenerationRequest Reference(string id, IReadOnlyList<int> prompt, int maxTokens, long seed, double temperature = 0.9, IReadOnlyList<string>? stop = null) =>
        new(id, prompt, new SamplingParameters { Temperature = temperature, Seed = seed, MaxNewTokens = maxTokens, StopStrings = stop ?? [] });

    [Fact]
    public async Task Concurrent_requests_with_seeds_answer_what_in_process_generation_answers()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var prompts = Enumerable.Range(0, 12).Select(i => $"Question {i}: what is {i} plus {i * 3}?").ToArray();
        // Different lengths, so sequences join and leave the running batch at different steps.
        var tasks = prompts.Select((p, i) => h.PostAsync("v1/completions", Completion(p, 20 + 7 * i, 1000 + i))).ToArray();
        var answers = await Task.WhenAll(tasks);
        var expected = ModelServerHarness.InProcess(prompts.Select((p, i) => Reference($"r{i}", ModelServerHarness.Encode(p), 20 + 7 * i, 1000 + i)).ToArray());
        for (var i = 0; i < prompts.Length; i++)
        {
            var (status, body) = answers[i];
            Assert.Equal(200, status);
            var choice = body["choices"]![0]!;
            Assert.Equal(expected[i].Text, choice["text"]!.GetValue<string>());
            Assert.Equal(expected[i].FinishReason == FinishReason.Length ? "length" : "stop", choice["finish_reason"]!.GetValue<string>());
            Assert.Equal(expected[i].PromptTokens, body["usage"]!["prompt_tokens"]!.GetValue<int>());
            Assert.Equal(expected[i].CompletionTokens, body["usage"]!["completion_tokens"]!.GetValue<int>());
            Assert.Equal("text_completion", body["object"]!.GetValue<string>());
        }
        Assert.Contains(expected, r => r.CompletionTokens > 20); // the comparison covers long outputs too
    }

    [Fact]
    public async Task N_choices_use_consecutive_seeds_and_usage_counts_the_prompt_once()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var body = Completion("Write a number:", 24, 77);
        body["n"] = 3;
        var (status, answer) = await h.PostAsync("v1/completions", body);
        Assert.Equal(200, status);
        var ids = ModelServerHarness.Encode("Write a number:");
        var expected = ModelServerHarness.InProcess([.. Enumerable.Range(0, 3).Select(c => Reference($"c{c}", ids, 24, 77 + c))]);
        var choices = answer["choices"]!.AsArray();
        Assert.Equal(3, choices.Count);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(c, choices[c]!["index"]!.GetValue<int>());
            Assert.Equal(expected[c].Text, choices[c]!["text"]!.GetValue<string>());
        }
        Assert.NotEqual(expected[0].Text, expected[1].Text);
        Assert.Equal(ids.Count, answer["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(expected.Sum(r => r.CompletionTokens), answer["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal(ids.Count + expected.Sum(r => r.CompletionTokens), answer["usage"]!["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_stop_string_cuts_the_text_before_it_with_finish_reason_stop()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var ids = ModelServerHarness.Encode("The list:");
        var free = ModelServerHarness.InProcess([Reference("free", ids, 60, 5, temperature: 0.7)])[0];
        // A stop string taken from the middle of the unconstrained text: the first printable character after position 3.
        var at = Enumerable.Range(3, free.Text!.Length - 3).First(i => char.IsAsciiLetterOrDigit(free.Text[i]) || char.IsPunctuation(free.Text[i]));
        var stop = free.Text[at].ToString();
        var body = Completion("The list:", 60, 5, 0.7);
        body["stop"] = new JsonArray(stop, "never-appears-zzz");
        var (status, answer) = await h.PostAsync("v1/completions", body);
        Assert.Equal(200, status);
        var choice = answer["choices"]![0]!;
        Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], choice["text"]!.GetValue<string>());
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Greedy_logprobs_give_one_log_probability_per_token_at_least_that_of_a_uniform_pick()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var body = Completion("Count: one two", 12, 1, temperature: 0);
        body["logprobs"] = 1;
        var (status, answer) = await h.PostAsync("v1/completions", body);
        Assert.Equal(200, status);
        var logprobs = answer["choices"]![0]!["logprobs"]!;
        var values = logprobs["token_logprobs"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(answer["usage"]!["completion_tokens"]!.GetValue<int>(), values.Length);
        Assert.Equal(values.Length, logprobs["tokens"]!.AsArray().Count);
        // The greedy token is the most likely, so its probability is at least 1/vocab (320) and at most 1.
        Assert.All(values, v => Assert.InRange(v, Math.Log(1.0 / 320) - 1e-4, 0));
        Assert.Contains(values, v => v < -1e-3); // a real distribution, not a constant 0
    }

    [Fact]
    public async Task Chat_renders_the_template_and_answers_like_in_process_generation_of_the_rendered_prompt()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var body = new JsonObject
        {
            ["model"] = ModelServerHarness.Model, ["max_tokens"] = 30, ["seed"] = 9, ["temperature"] = 0.8,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "system", ["content"] = "Be brief." }, new JsonObject { ["role"] = "user", ["content"] = "What is 2+2?" }),
        };
        var (status, answer) = await h.PostAsync("v1/chat/completions", body);
        Assert.Equal(200, status);
        var rendered = "<|system|>Be brief.\n<|user|>What is 2+2?\n<|assistant|>";
        var expected = ModelServerHarness.InProcess([Reference("chat", ModelServerHarness.Encode(rendered), 30, 9, 0.8)])[0];
        Assert.Equal("chat.completion", answer["object"]!.GetValue<string>());
        Assert.Equal("assistant", answer["choices"]![0]!["message"]!["role"]!.GetValue<string>());
        Assert.Equal(expected.Text, answer["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(expected.PromptTokens, answer["usage"]!["prompt_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Streaming_sends_deltas_that_add_up_to_the_whole_answer_then_usage_and_done()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var body = Completion("Stream this:", 40, 21);
        var (_, whole) = await h.PostAsync("v1/completions", body);
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        using var response = await h.Client.PostAsync("v1/completions", ModelServerHarness.Json(body));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToArray();
        var text = string.Concat(chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => c!["text"]!.GetValue<string>()));
        Assert.Equal(whole["choices"]![0]!["text"]!.GetValue<string>(), text);
        var reasons = chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => c!["finish_reason"]?.GetValue<string>()).OfType<string>().ToArray();
        Assert.Equal(new[] { whole["choices"]![0]!["finish_reason"]!.GetValue<string>() }, reasons);
        Assert.Equal(whole["usage"]!.ToJsonString(), chunks[^1]["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task Models_lists_the_served_model()
    {
        await using var h = await ModelServerHarness.StartAsync();
        var models = JsonNode.Parse(await h.Client.GetStringAsync("v1/models"))!;
        Assert.Equal(ModelServerHarness.Model, models["data"]![0]!["id"]!.GetValue<string>());
    }
}
