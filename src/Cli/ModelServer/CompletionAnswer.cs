using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Serving;

namespace YuLanData.Cli.ModelServer;

/// <summary>
/// Writes the answer to one completion request from its engine handles: a whole JSON body (choices, finish
/// reasons, log-probabilities, usage), or server-sent events (text deltas as tokens come, a final chunk per choice
/// with its finish reason, an optional usage chunk, then <c>data: [DONE]</c>).
/// </summary>
/// <param name="id">The completion id (<c>cmpl-...</c> or <c>chatcmpl-...</c>).</param>
/// <param name="request">The parsed request.</param>
/// <param name="model">The served model name.</param>
/// <param name="handles">One per choice, prompt-major.</param>
/// <param name="decode">Ids to text.</param>
internal sealed class CompletionAnswer(string id, CompletionRequest request, string model, IReadOnlyList<ServingHandle> handles, Func<IReadOnlyList<int>, string> decode)
{
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly SemaphoreSlim _write = new(1, 1);
    private const int UnsettledTokens = 4;

    private string ObjectName => request.Chat ? "chat.completion" : "text_completion";

    /// <summary>Waits for every choice and writes the JSON body; a failed choice makes the whole answer a 500.</summary>
    public async Task WriteAsync(HttpResponse response)
    {
        var results = await Task.WhenAll(handles.Select(h => h.Result));
        if (results.FirstOrDefault(r => r.FinishReason == FinishReason.Error) is { } failed)
            throw new OpenAiErrorException(new OpenAiError(500, $"generation failed: {failed.Error}", "server_error"));
        var choices = new JsonArray();
        for (var i = 0; i < results.Length; i++)
        {
            var r = results[i];
            var choice = new JsonObject { ["index"] = i };
            if (request.Chat) choice["message"] = new JsonObject { ["role"] = "assistant", ["content"] = r.Text ?? "" };
            else choice["text"] = r.Text ?? "";
            choice["logprobs"] = request.Sampling.Logprobs ? Logprobs(r, handles[i].Logprobs) : null;
            choice["finish_reason"] = Reason(r.FinishReason);
            choices.Add(choice);
        }
        var body = new JsonObject
        {
            ["id"] = id, ["object"] = ObjectName, ["created"] = _created, ["model"] = model, ["choices"] = choices, ["usage"] = Usage(results),
        };
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString());
    }

    /// <summary>Streams the choices as server-sent events while they are generated.</summary>
    public async Task StreamAsync(HttpResponse response, CancellationToken aborted)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.Body.FlushAsync(aborted);
        var results = await Task.WhenAll(handles.Select((h, i) => StreamChoice(response, i, h, aborted)));
        if (request.IncludeUsage)
            await Send(response, Chunk(new JsonArray(), Usage(results)), aborted);
        await _write.WaitAsync(aborted);
        try
        {
            await response.WriteAsync("data: [DONE]\n\n", aborted);
            await response.Body.FlushAsync(aborted);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task<GenerationResult> StreamChoice(HttpResponse response, int index, ServingHandle handle, CancellationToken aborted)
    {
        var holdBack = request.Sampling.StopStrings.Count == 0 ? 0 : request.Sampling.StopStrings.Max(s => s.Length) - 1;
        var sent = "";
        if (request.Chat) await Send(response, Chunk(new JsonArray(Delta(index, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null)), null), aborted);
        await foreach (var ids in handle.Progress!.ReadAllAsync(aborted))
        {
            var text = SettledText(ids, sent.Length);
            // The tail may begin a stop string.
            var safe = text.Length - holdBack;
            if (safe <= sent.Length || !text.StartsWith(sent, StringComparison.Ordinal)) continue;
            await Send(response, Chunk(new JsonArray(Text(index, text[sent.Length..safe], null)), null), aborted);
            sent = text[..safe];
        }
        var result = await handle.Result;
        if (result.FinishReason == FinishReason.Error)
        {
            await Send(response, new OpenAiError(500, $"generation failed: {result.Error}", "server_error").ToJson(), aborted);
            return result;
        }
        var final = result.Text ?? "";
        var rest = final.StartsWith(sent, StringComparison.Ordinal) ? final[sent.Length..] : "";
        await Send(response, Chunk(new JsonArray(Text(index, rest, Reason(result.FinishReason))), null), aborted);
        return result;
    }

    // Text that later tokens will not change. The last few tokens may still change how the text before them
    // decodes: bytes of one character split over tokens, and byte-fallback decoders turn a whole run of byte tokens
    // into U+FFFD once it stops being valid UTF-8. So: the text both with and without the last tokens agree on,
    // cut before the first replacement or control character since what was sent; the rest comes with the final chunk.
    private string SettledText(int[] ids, int sentLength)
    {
        if (ids.Length <= UnsettledTokens) return "";
        var earlier = decode(ids[..^UnsettledTokens]);
        var now = decode(ids);
        var common = 0;
        while (common < earlier.Length && common < now.Length && earlier[common] == now[common]) common++;
        for (var i = sentLength; i < common; i++)
            if (now[i] == '\uFFFD' || char.IsControl(now[i]) && now[i] is not ('\n' or '\t' or '\r'))
                return now[..i];
        return now[..common];
    }

    private JsonObject Text(int index, string text, string? finish) =>
        request.Chat ? Delta(index, text.Length == 0 && finish is not null ? new JsonObject() : new JsonObject { ["content"] = text }, finish)
            : new JsonObject { ["index"] = index, ["text"] = text, ["logprobs"] = null, ["finish_reason"] = finish };

    private static JsonObject Delta(int index, JsonObject delta, string? finish) =>
        new() { ["index"] = index, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish };

    private JsonObject Chunk(JsonArray choices, JsonObject? usage)
    {
        var chunk = new JsonObject
        {
            ["id"] = id, ["object"] = request.Chat ? "chat.completion.chunk" : "text_completion", ["created"] = _created, ["model"] = model, ["choices"] = choices,
        };
        if (request.IncludeUsage) chunk["usage"] = usage;
        return chunk;
    }

    private async Task Send(HttpResponse response, JsonObject data, CancellationToken aborted)
    {
        var bytes = Encoding.UTF8.GetBytes("data: " + data.ToJsonString() + "\n\n");
        await _write.WaitAsync(aborted);
        try
        {
            await response.Body.WriteAsync(bytes, aborted);
            await response.Body.FlushAsync(aborted);
        }
        finally
        {
            _write.Release();
        }
    }

    private JsonObject Usage(IReadOnlyList<GenerationResult> results)
    {
        // A prompt counts once however many choices it has.
        var prompt = request.Prompts.Sum(p => p.Count);
        var completion = results.Sum(r => r.CompletionTokens);
        return new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };
    }

    // The chosen token's log-probability; top_logprobs holds that token alone (alternatives are not computed).
    private JsonNode Logprobs(GenerationResult result, IReadOnlyList<float> logprobs)
    {
        var count = Math.Min(result.TokenIds.Count, logprobs.Count);
        var pieces = Enumerable.Range(0, count).Select(i => decode([result.TokenIds[i]])).ToArray();
        if (request.Chat)
            return new JsonObject
            {
                ["content"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
                {
                    ["token"] = pieces[i], ["logprob"] = logprobs[i], ["bytes"] = Bytes(pieces[i]),
                    ["top_logprobs"] = new JsonArray(new JsonObject { ["token"] = pieces[i], ["logprob"] = logprobs[i], ["bytes"] = Bytes(pieces[i]) }),
                }).ToArray()),
            };
        var offsets = new JsonArray();
        var offset = 0;
        foreach (var piece in pieces)
        {
            offsets.Add(offset);
            offset += piece.Length;
        }
        return new JsonObject
        {
            ["tokens"] = new JsonArray(pieces.Select(p => (JsonNode)p).ToArray()),
            ["token_logprobs"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)logprobs[i]).ToArray()),
            ["top_logprobs"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { [pieces[i]] = logprobs[i] }).ToArray()),
            ["text_offset"] = offsets,
        };
    }

    private static JsonArray Bytes(string text) => new(Encoding.UTF8.GetBytes(text).Select(b => (JsonNode)(int)b).ToArray());

    private static string Reason(FinishReason reason) => reason == FinishReason.Length ? "length" : "stop";
}
