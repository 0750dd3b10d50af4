using System.CommandLine;
using YuLanData.Inference.Tokenization;
using YuLanData.Jobs.IO;

namespace YuLanData.Cli.Commands;

/// <summary><c>tokenize --tokenizer T --input F [--output O]</c>: one <c>{"ids": [...]}</c> line per document, in input order.</summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer", "-t") { Description = "A Hugging Face tokenizer.json (or its folder).", Required = true };
        var input = new Option<string>("--input", "-i") { Description = "Documents (.jsonl, .jsonl.gz, .jsonl.zst, .parquet).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Output JSONL file (default: standard output)." };
        var textField = new Option<string>("--text-field") { Description = "Input text field.", DefaultValueFactory = _ => "text" };
        var noSpecial = new Option<bool>("--no-special-tokens") { Description = "Do not add the post-processor's special tokens (BOS...)." };
        var command = new Command("tokenize", "Encode documents with a Hugging Face tokenizer.json; one JSON line of ids per document.") { tokenizer, input, output, textField, noSpecial };
        command.SetAction(parse =>
        {
            var tok = HuggingFaceTokenizer.Load(parse.GetValue(tokenizer)!);
            long quarantined = 0;
            var texts = DocumentReader.ReadFile(parse.GetValue(input)!, new ReaderOptions { TextField = parse.GetValue(textField)! })
                .Where(r =>
                {
                    if (r.Quarantine is { } q)
                    {
                        quarantined++;
                        Console.Error.WriteLine($"skipped unreadable record {q.Location}: {q.Error}");
                    }
                    return r.Document != null;
                })
                .Select(r => r.Document!.Text);
            string? outPath = parse.GetValue(output);
            using var writer = outPath == null ? new StreamWriter(Console.OpenStandardOutput()) : new StreamWriter(outPath);
            long n = TokenizeTool.Run(tok, texts, writer, !parse.GetValue(noSpecial));
            Console.Error.WriteLine($"tokenize: {n} documents" + (quarantined > 0 ? $", {quarantined} unreadable records skipped" : ""));
            return quarantined > 0 ? ExitCodes.Quarantined : ExitCodes.Ok;
        });
        return command;
    }
}
