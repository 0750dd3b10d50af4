using System.CommandLine;
using YuLanData.Inference.Generation;

namespace YuLanData.Cli.Commands;

/// <summary><c>generate</c>: completions for JSONL prompts with the TorchSharp Llama engine (<see cref="GenerateTool"/>).</summary>
internal static class GenerateCommand
{
    public static Command Create() =>
        PassthroughCommand.Create("generate", "Generate completions for JSONL prompts with the TorchSharp Llama engine.",
            """
            usage: generate --model DIR --prompts F.jsonl --out O.jsonl [--tokenizer T] [--greedy] [--max-new-tokens N]
                            [--device cpu|cuda] [--dtype float32|bfloat16|float16] [--max-batch N] [--temperature T]
                            [--top-k K] [--top-p P] [--repetition-penalty R] [--seed S]
            Input lines: {"id": ..., "prompt_ids": [...]} or {"prompt": "text"} (with --tokenizer); output lines in input order:
            id, text, completion_ids, prompt_tokens, completion_tokens, finish_reason, error.
            """,
            args => GenerateTool.Run(args, Console.Error, TokenizerBridge.Factory));
}
