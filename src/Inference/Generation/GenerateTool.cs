using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Inference.Model;
using YuLanData.Inference.Native;
using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>
/// The library side of <c>./yulandata generate</c>: reads prompts from JSONL, generates, writes one JSON line per
/// prompt in input order: <c>id, text, completion_ids, prompt_tokens, completion_tokens, finish_reason, error</c>.
/// Input lines: <c>{"id": "a", "prompt_ids": [1, 2]}</c>, or <c>{"prompt": "text"}</c> when a tokenizer is given;
/// optional per line: <c>max_new_tokens, greedy, temperature, top_k, top_p, repetition_penalty, seed, stop</c>
/// (list of strings), <c>stop_token_ids</c>.
/// </summary>
public static class GenerateTool
{
    /// <summary>Runs generation; returns the exit code (0 ok, 1 some request failed, 2 bad input).</summary>
    /// <param name="options">Paths and settings.</param>
    /// <param name="log">Where progress and errors go.</param>
    /// <param name="tokenizer">Encodes text prompts and decodes completions; null: prompts must carry ids and results have no text.</param>
    public static int Run(GenerateToolOptions options, TextWriter log, TokenizerFunctions? tokenizer = null)
    {
        IReadOnlyList<GenerationRequest> requests;
        try
        {
            requests = ReadPrompts(options, tokenizer);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            log.WriteLine($"generate: {e.Message}");
            return 2;
        }
        LlamaModel model;
        try
        {
            var device = TorchRuntime.Device(options.Device);
            var dtype = TorchRuntime.DType(options.DType, device);
            model = LlamaModel.Load(options.ModelDir, device, dtype);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or NotSupportedException or IOException or InvalidOperationException)
        {
            log.WriteLine($"generate: {e.Message}");
            return 2;
        }
        using var _ = model;
        var generator = new BatchGenerator(model, new GeneratorOptions { MaxBatch = options.MaxBatch }, tokenizer?.Decode);
        var run = generator.Generate(requests);
        var temp = options.OutputPath + ".tmp";
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.OutputPath));
        if (directory is not null) Directory.CreateDirectory(directory);
        using (var writer = new StreamWriter(temp))
        {
            foreach (var r in run.Results)
            {
                var line = new JsonObject
                {
                    ["id"] = r.Id, ["text"] = r.Text, ["completion_ids"] = new JsonArray(r.TokenIds.Select(t => (JsonNode)t).ToArray()),
                    ["prompt_tokens"] = r.PromptTokens, ["completion_tokens"] = r.CompletionTokens,
                    ["finish_reason"] = r.FinishReason.ToString().ToLowerInvariant(), ["error"] = r.Error,
                };
                writer.WriteLine(line.ToJsonString());
            }
        }
        File.Move(temp, options.OutputPath, overwrite: true);
        var failed = run.Results.Count(r => r.FinishReason == FinishReason.Error);
        log.WriteLine($"generate: {run.Results.Count} prompts, {run.GeneratedTokens} tokens in {run.Elapsed.TotalSeconds:F1} s " +
                      $"({run.TokensPerSecond:F1} tok/s, batch {run.Batch}, {run.DecodeSteps} decode steps), {failed} failed -> {options.OutputPath}");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Reads the prompt file into requests; errors name the file and line.</summary>
    public static IReadOnlyList<GenerationRequest> ReadPrompts(GenerateToolOptions options, TokenizerFunctions? tokenizer)
    {
        var path = options.PromptsPath;
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: prompts file not found");
        var requests = new List<GenerationRequest>();
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var where = $"{path}:{number}";
            JsonObject line;
            try
            {
                line = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException($"{where}: not a JSON object");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{where}: invalid JSON: {e.Message}", e);
            }
            requests.Add(ToRequest(line, where, requests.Count, options, tokenizer));
        }
        return requests;
    }

    private static GenerationRequest ToRequest(JsonObject line, string where, int ordinal, GenerateToolOptions o, TokenizerFunctions? tokenizer)
    {
        try
        {
            var id = line["id"]?.ToString() ?? ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
            IReadOnlyList<int> ids;
            if (line["prompt_ids"] is JsonArray array) ids = array.Select(n => n!.GetValue<int>()).ToArray();
            else if (line["prompt"] is JsonValue prompt)
                ids = tokenizer?.Encode(prompt.GetValue<string>()) ?? throw new InvalidDataException($"{where}: text 'prompt' needs --tokenizer (or give prompt_ids)");
            else throw new InvalidDataException($"{where}: needs 'prompt_ids' (a list of ints) or 'prompt' (text)");
            var sampling = new SamplingParameters
            {
                Greedy = line["greedy"]?.GetValue<bool>() ?? o.Greedy,
                MaxNewTokens = line["max_new_tokens"]?.GetValue<int>() ?? o.MaxNewTokens,
                Temperature = line["temperature"]?.GetValue<double>() ?? o.Temperature,
                TopK = line["top_k"]?.GetValue<int>() ?? o.TopK,
                TopP = line["top_p"]?.GetValue<double>() ?? o.TopP,
                RepetitionPenalty = line["repetition_penalty"]?.GetValue<double>() ?? o.RepetitionPenalty,
                Seed = line["seed"]?.GetValue<long>() ?? (o.Seed ^ CounterRandom.SeedFromId(id)),
                StopStrings = line["stop"] is JsonArray stops ? stops.Select(s => s!.GetValue<string>()).ToArray() : [],
                StopTokenIds = line["stop_token_ids"] is JsonArray stopIds ? stopIds.Select(s => s!.GetValue<int>()).ToArray() : [],
            };
            return new GenerationRequest(id, ids, sampling);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new InvalidDataException($"{where}: {e.Message}", e);
        }
    }
}
