using System.CommandLine;
using YuLanData.Inference.Generation;

namespace YuLanData.Jobs.Cli;

/// <summary>Commands that front the libraries (fastText, tokenizer, generation).</summary>
internal static class ToolCommandSet
{
    public static IEnumerable<Command> Create() =>
    [
        TokenizeCommand.Create(),
        Dedup.DedupCommand.Create(),
        PassthroughCommand.Create("fasttext", "fastText in managed C#: train, predict, test (same output formats as the fasttext CLI).",
            FastTextCommand.Usage, FastTextCommand.Run),
        YuLanData.Jobs.Synthesis.SynthesizeCommand.Create(),
        YuLanData.Jobs.Synthesis.VerifyAnswersCommand.Create(),
        YuLanData.Jobs.Mixing.MixCommand.Create(),
        PassthroughCommand.Create("generate", "Generate completions for JSONL prompts with the TorchSharp Llama engine.",
            """
            usage: generate --model DIR --prompts F.jsonl --out O.jsonl [--tokenizer T] [--greedy] [--max-new-tokens N]
                            [--device cpu|cuda] [--dtype float32|bfloat16|float16] [--max-batch N] [--temperature T]
                            [--top-k K] [--top-p P] [--repetition-penalty R] [--seed S]
            Input lines: {"id": ..., "prompt_ids": [...]} or {"prompt": "text"} (with --tokenizer); output lines in input order:
            id, text, completion_ids, prompt_tokens, completion_tokens, finish_reason, error.
            """,
            args => GenerateTool.Run(args, Console.Error, TokenizerBridge.Factory)),
        ServeCommand.Create(),
        ReportCommand.Create(),
        YuLanData.Jobs.Decontamination.DecontamCommand.Create(),
    ];
}
