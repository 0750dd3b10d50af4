using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Inference.Generation;

namespace YuLanData.Synthesis.Backends;

/// <summary>
/// Reads one completions or chat completions response body. The body comes from a server and is treated as hostile:
/// anything but the expected shape is a clear per-sample error, never an exception.
/// </summary>
internal static class OpenAiResponse
{
    private const int MaxFingerprintChars = 256;

    /// <summary>The sample's result from a 2xx response body.</summary>
    /// <param name="request">The request it answers.</param>
    /// <param name="body">The response bytes (already size-limited).</param>
    /// <param name="chat">Whether it answers a chat completions request.</param>
    /// <param name="provenance">Adds the server's reported model and fingerprint to the sample's provenance.</param>
    public static (GenerationResult Result, int PromptTokens, int CompletionTokens, string? ServedModel, string? Fingerprint) Parse(
        BackendRequest request, byte[] body, bool chat)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return Fail(request, $"malformed JSON from server ({body.Length} bytes): {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            return Fail(request, $"malformed JSON from server ({body.Length} bytes): {e.Message}");
        }
        if (root is not JsonObject o) return Fail(request, "server response is not a JSON object");
        if (o["error"] is JsonNode error) return Fail(request, $"server reported an error: {Shorten(error.ToJsonString(), 300)}");
        if (o["choices"] is not JsonArray { Count: > 0 } choices || choices[0] is not JsonObject choice)
            return Fail(request, "server response has no choices");
        var textNode = chat ? (choice["message"] as JsonObject)?["content"] : choice["text"];
        if (textNode is not JsonValue v || !v.TryGetValue<string>(out var text))
            return Fail(request, chat ? "server response has no choices[0].message.content string" : "server response has no choices[0].text string");
        var finish = (choice["finish_reason"] as JsonValue)?.TryGetValue<string>(out var f) == true ? f : null;
        var reason = finish switch
        {
            "length" => FinishReason.Length,
            // vLLM and SGLang name the matched stop string in stop_reason; OpenAI says only "stop" for both.
            "stop" or "eos" or null => choice["stop_reason"] is JsonValue sr && sr.TryGetValue<string>(out _) ? FinishReason.Stop : FinishReason.Eos,
            _ => FinishReason.Error,
        };
        if (reason == FinishReason.Error) return Fail(request, $"finish_reason '{Shorten(finish ?? "", 40)}'");
        // Servers that ignore `stop` still end at the first stop string, as the in-process engine does.
        var cut = FirstStop(text, request.Sampling.StopStrings);
        if (cut >= 0)
        {
            text = text[..cut];
            reason = FinishReason.Stop;
        }
        var usage = o["usage"] as JsonObject;
        var promptTokens = Count(usage?["prompt_tokens"]);
        var completionTokens = Count(usage?["completion_tokens"]);
        var served = (o["model"] as JsonValue)?.TryGetValue<string>(out var m) == true ? Shorten(m, MaxFingerprintChars) : null;
        var fingerprint = (o["system_fingerprint"] as JsonValue)?.TryGetValue<string>(out var fp) == true ? Shorten(fp, MaxFingerprintChars) : null;
        return (new GenerationResult(request.Id, text, [], promptTokens, reason), promptTokens, completionTokens, served, fingerprint);
    }

    /// <summary>A per-sample failure.</summary>
    public static (GenerationResult, int, int, string?, string?) Fail(BackendRequest request, string error) =>
        (new GenerationResult(request.Id, null, [], 0, FinishReason.Error, error), 0, 0, null, null);

    /// <summary>At most <paramref name="max"/> characters of <paramref name="s"/>.</summary>
    public static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "...";

    private static int FirstStop(string text, IReadOnlyList<string> stops)
    {
        var first = -1;
        foreach (var s in stops)
        {
            if (s.Length == 0) continue;
            var i = text.IndexOf(s, StringComparison.Ordinal);
            if (i >= 0 && (first < 0 || i < first)) first = i;
        }
        return first;
    }

    private static int Count(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var n) && n >= 0 ? (int)Math.Min(n, int.MaxValue) : 0;
}
