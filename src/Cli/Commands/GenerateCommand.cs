using System.CommandLine;
using System.CommandLine.Parsing;
using YuLanData.Inference.Generation;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>generate --model DIR --prompts F.jsonl --out O.jsonl [--tokenizer T] [--greedy] [--max-new-tokens N] ...</c>:
/// completions for JSONL prompts with the TorchSharp Llama engine (<see cref="GenerateTool"/>). Usage errors (an
/// unknown option, a missing or malformed value) print <c>generate: ...</c> and exit 2, as bad prompt files do.
/// </summary>
internal static class GenerateCommand
{
    private const int UsageError = 2;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Hugging Face model folder (config.json + safetensors)." };
        var prompts = new Option<string>("--prompts") { Description = "Input JSONL: {\"id\": ..., \"prompt_ids\": [...]} or {\"prompt\": \"text\"} (with --tokenizer); optional per line: max_new_tokens, greedy, temperature, top_k, top_p, repetition_penalty, seed, stop, stop_token_ids." };
        var output = new Option<string>("--out") { Description = "Output JSONL in input order: id, text, completion_ids, prompt_tokens, completion_tokens, finish_reason, error." };
        var tokenizer = new Option<string>("--tokenizer") { Description = "Tokenizer file or folder (needed for text prompts and result text)." };
        var greedy = new Option<bool>("--greedy") { Description = "Greedy decoding for lines that do not say otherwise." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Default max_new_tokens.", DefaultValueFactory = _ => 256 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var dtype = new Option<string>("--dtype") { Description = "float32|bfloat16|float16 (default: float32 on CPU, bfloat16 on CUDA)." };
        var maxBatch = new Option<int?>("--max-batch") { Description = "Decode batch (default: sized from free memory)." };
        var temperature = new Option<double>("--temperature") { Description = "Default temperature when sampling.", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Default top-k (0: off)." };
        var topP = new Option<double>("--top-p") { Description = "Default top-p (1: off).", DefaultValueFactory = _ => 1.0 };
        var penalty = new Option<double>("--repetition-penalty") { Description = "Default repetition penalty (1: off).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Base seed; a line's seed defaults to this combined with its id." };
        var command = new Command("generate", "Generate completions for JSONL prompts with the TorchSharp Llama engine.")
        {
            model, prompts, output, tokenizer, greedy, maxNew, device, dtype, maxBatch, temperature, topK, topP, penalty, seed,
        };
        command.SetAction(parse =>
        {
            string? modelDir = parse.GetValue(model), promptsPath = parse.GetValue(prompts), outputPath = parse.GetValue(output);
            if (modelDir == null)
                return Refuse("generate needs --model DIR");
            if (promptsPath == null)
                return Refuse("generate needs --prompts F.jsonl");
            if (outputPath == null)
                return Refuse("generate needs --out O.jsonl");
            var options = new GenerateToolOptions
            {
                ModelDir = modelDir, PromptsPath = promptsPath, OutputPath = outputPath, Tokenizer = parse.GetValue(tokenizer),
                Greedy = parse.GetValue(greedy), MaxNewTokens = parse.GetValue(maxNew), Device = parse.GetValue(device) ?? "cpu",
                DType = parse.GetValue(dtype), MaxBatch = parse.GetValue(maxBatch), Temperature = parse.GetValue(temperature),
                TopK = parse.GetValue(topK), TopP = parse.GetValue(topP), RepetitionPenalty = parse.GetValue(penalty), Seed = parse.GetValue(seed),
            };
            var tokenizerFunctions = options.Tokenizer is { } t ? TokenizerBridge.Factory(t) : null;
            return GenerateTool.Run(options, Console.Error, tokenizerFunctions);
        });
        return command;
    }

    /// <summary>Whether a parse with errors is a <c>generate</c> command line (its usage errors exit 2, not 1).</summary>
    public static bool Owns(ParseResult parse) => parse.CommandResult.Command.Name == "generate";

    /// <summary>Prints the first parse error as <c>generate: ...</c>; returns the usage-error exit code.</summary>
    public static int ReportParseErrors(ParseResult parse) => Refuse(parse.Errors[0].Message);

    private static int Refuse(string message)
    {
        Console.Error.WriteLine($"generate: {message}");
        return UsageError;
    }
}
