using System.Security.Cryptography;
using System.Text.Json;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Templates;

namespace YuLanData.Cli.ModelServer;

/// <summary>
/// A <c>/v1/completions</c> or <c>/v1/chat/completions</c> body, checked and turned into engine requests. Fields
/// read: <c>model, prompt</c> (a string, a list of strings, or a list of token ids) or <c>messages</c> (chat),
/// <c>n, max_tokens</c> (chat also <c>max_completion_tokens</c>), <c>temperature</c> (0 is greedy), <c>top_p, top_k,
/// seed, stop</c> (a string or up to 16), <c>logprobs</c> (completions: an integer; chat: a boolean), <c>stream,
/// stream_options.include_usage</c>. Anything malformed or over a limit is an <see cref="OpenAiErrorException"/> (400).
/// </summary>
public sealed record CompletionRequest
{
    /// <summary>The model the client named.</summary>
    public required string Model { get; init; }
    /// <summary>Whether this is a chat completion.</summary>
    public bool Chat { get; init; }
    /// <summary>Prompt token ids, one list per prompt.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Prompts { get; init; }
    /// <summary>Choices per prompt.</summary>
    public int N { get; init; } = 1;
    /// <summary>Sampling settings of choice 0 of each prompt (choice i uses seed + i).</summary>
    public required SamplingParameters Sampling { get; init; }
    /// <summary>Whether to answer as server-sent events.</summary>
    public bool Stream { get; init; }
    /// <summary>Whether a streamed answer ends with a usage chunk.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The engine requests: prompt-major, then choice.</summary>
    public IEnumerable<GenerationRequest> ToGenerationRequests(string id)
    {
        for (var p = 0; p < Prompts.Count; p++)
            for (var c = 0; c < N; c++)
                yield return new GenerationRequest($"{id}-{p}-{c}", Prompts[p], Sampling with { Seed = Sampling.Seed + c });
    }

    /// <summary>Parses and checks a body.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="chat">Whether it came to the chat endpoint.</param>
    /// <param name="options">Limits.</param>
    /// <param name="encode">Text to prompt ids.</param>
    /// <param name="template">The chat template; null when the model has none (chat is then refused).</param>
    /// <param name="context">Positions per sequence (prompt + completion).</param>
    public static CompletionRequest Parse(ReadOnlyMemory<byte> body, bool chat, ModelServerOptions options, Func<string, IReadOnlyList<int>> encode, ChatTemplate? template, int context)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Fail($"the body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Fail("the body must be a JSON object");
            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : throw Fail("'model' (a string) is required", "model");
            var prompts = chat ? [ChatPrompt(root, encode, template)] : ReadPrompts(root, encode);
            var n = Int(root, "n") ?? 1;
            if (n < 1 || n > options.MaxChoices) throw Fail($"n must be between 1 and {options.MaxChoices}, got {n}", "n");
            if ((long)n * prompts.Count > options.MaxSequencesPerRequest)
                throw Fail($"{prompts.Count} prompts x n {n} exceeds the {options.MaxSequencesPerRequest} sequences one request may start", "n");
            var longest = prompts.Max(p => p.Count);
            var maxTokensField = chat && root.TryGetProperty("max_completion_tokens", out var mct) && mct.ValueKind != JsonValueKind.Null ? "max_completion_tokens" : "max_tokens";
            var maxTokens = Int(root, maxTokensField) ?? (chat ? Math.Min(options.MaxTokensLimit, Math.Max(1, context - longest)) : 16);
            if (maxTokens < 1) throw Fail($"{maxTokensField} must be at least 1, got {maxTokens}", maxTokensField);
            if (maxTokens > options.MaxTokensLimit) throw Fail($"{maxTokensField} {maxTokens} exceeds this server's limit of {options.MaxTokensLimit}", maxTokensField);
            if (longest + maxTokens > context)
                throw Fail($"the prompt ({longest} tokens) plus {maxTokensField} ({maxTokens}) exceeds the context of {context} tokens", maxTokensField);
            var temperature = Double(root, "temperature") ?? 1.0;
            if (!(temperature >= 0 && temperature <= 100)) throw Fail($"temperature must be between 0 and 100, got {temperature}", "temperature");
            var topP = Double(root, "top_p") ?? 1.0;
            if (!(topP > 0 && topP <= 1)) throw Fail($"top_p must be in (0, 1], got {topP}", "top_p");
            var topK = Int(root, "top_k") ?? 0;
            if (topK < -1) throw Fail($"top_k must be -1, 0 or positive, got {topK}", "top_k");
            var seed = Long(root, "seed") ?? BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
            var logprobs = chat ? Bool(root, "logprobs") ?? false : Int(root, "logprobs") is { } k && k >= 0;
            var streamOptions = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object ? so : default;
            return new CompletionRequest
            {
                Model = model,
                Chat = chat,
                Prompts = prompts,
                N = n,
                Stream = Bool(root, "stream") ?? false,
                IncludeUsage = streamOptions.ValueKind == JsonValueKind.Object && Bool(streamOptions, "include_usage") == true,
                Sampling = new SamplingParameters
                {
                    Greedy = temperature == 0,
                    Temperature = temperature == 0 ? 1.0 : temperature,
                    TopP = topP,
                    TopK = Math.Max(0, topK),
                    Seed = seed,
                    MaxNewTokens = maxTokens,
                    StopStrings = Stops(root),
                    Logprobs = logprobs,
                },
            };
        }
    }

    private static List<IReadOnlyList<int>> ReadPrompts(JsonElement root, Func<string, IReadOnlyList<int>> encode)
    {
        if (!root.TryGetProperty("prompt", out var prompt)) throw Fail("'prompt' is required", "prompt");
        var prompts = new List<IReadOnlyList<int>>();
        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                prompts.Add(encode(prompt.GetString()!));
                break;
            case JsonValueKind.Array when prompt.GetArrayLength() > 0 && prompt[0].ValueKind == JsonValueKind.Number:
                prompts.Add(prompt.EnumerateArray().Select(e => e.TryGetInt32(out var id) ? id : throw Fail("prompt token ids must be integers", "prompt")).ToArray());
                break;
            case JsonValueKind.Array when prompt.GetArrayLength() > 0:
                foreach (var item in prompt.EnumerateArray())
                    prompts.Add(item.ValueKind == JsonValueKind.String ? encode(item.GetString()!) : throw Fail("'prompt' must be a string, a list of strings or a list of token ids", "prompt"));
                break;
            default:
                throw Fail("'prompt' must be a string, a list of strings or a list of token ids", "prompt");
        }
        if (prompts.Any(p => p.Count == 0)) throw Fail("a prompt is empty", "prompt");
        return prompts;
    }

    private static IReadOnlyList<int> ChatPrompt(JsonElement root, Func<string, IReadOnlyList<int>> encode, ChatTemplate? template)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            throw Fail("'messages' (a non-empty list) is required", "messages");
        if (template is null) throw Fail("this model has no chat template (tokenizer_config.json chat_template); use /v1/completions", "messages");
        var turns = new List<ChatMessage>();
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                throw Fail("each message needs a 'role' string", "messages");
            var content = message.TryGetProperty("content", out var c) ? c : default;
            var text = content.ValueKind switch
            {
                JsonValueKind.String => content.GetString()!,
                // Content parts: the text parts, joined.
                JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(part =>
                    part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.GetString() == "text" && part.TryGetProperty("text", out var pt) && pt.ValueKind == JsonValueKind.String
                        ? pt.GetString() : throw Fail("only text content parts are served", "messages"))),
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => throw Fail("message content must be a string or a list of text parts", "messages"),
            };
            turns.Add(new ChatMessage(role.GetString()!, text));
        }
        string rendered;
        try
        {
            rendered = template.Render(turns, addGenerationPrompt: true);
        }
        catch (ChatTemplateException e)
        {
            throw Fail($"the chat template refused the messages: {e.Message}", "messages");
        }
        var ids = encode(rendered);
        return ids.Count > 0 ? ids : throw Fail("the rendered conversation is empty", "messages");
    }

    private static IReadOnlyList<string> Stops(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null) return [];
        string[] stops = stop.ValueKind switch
        {
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array => stop.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Fail("'stop' must hold strings", "stop")).ToArray(),
            _ => throw Fail("'stop' must be a string or a list of strings", "stop"),
        };
        if (stops.Length > 16) throw Fail($"at most 16 stop strings, got {stops.Length}", "stop");
        if (stops.Any(s => s.Length == 0 || s.Length > 256)) throw Fail("stop strings must be 1 to 256 characters", "stop");
        return stops;
    }

    private static JsonElement? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static int? Int(JsonElement root, string name) => Field(root, name) is not { } v ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? (int)Math.Clamp(l, int.MinValue, int.MaxValue) : throw Fail($"'{name}' must be an integer", name);

    private static long? Long(JsonElement root, string name) => Field(root, name) is not { } v ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : throw Fail($"'{name}' must be an integer", name);

    private static double? Double(JsonElement root, string name) => Field(root, name) is not { } v ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Fail($"'{name}' must be a number", name);

    private static bool? Bool(JsonElement root, string name) => Field(root, name) is not { } v ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Fail($"'{name}' must be true or false", name);

    private static OpenAiErrorException Fail(string message, string? param = null) => new(OpenAiError.Invalid(message, param));
}
