using System.CommandLine;
using System.Text.Json;
using YuLanData.Jobs.IO;

namespace YuLanData.Cli.Commands;

/// <summary><c>inspect &lt;file-or-folder&gt; [--n N] [--count]</c>.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A data file, or a folder (every supported file below it, in name order)." };
        var n = new Option<int>("--n") { Description = "Documents to show.", DefaultValueFactory = _ => 5 };
        var count = new Option<bool>("--count") { Description = "Count documents instead; the number is printed last." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json: token shards (input_ids) also show their decoded text." };
        var command = new Command("inspect", "Show documents from any supported file or folder, or count them; token shards show their ids.") { path, n, count, tokenizer };
        command.SetAction(parse => Execute(parse.GetValue(path)!, parse.GetValue(n), parse.GetValue(count), parse.GetValue(tokenizer)));
        return command;
    }

    private static int Execute(string path, int n, bool count, string? tokenizerPath)
    {
        var tokenizer = tokenizerPath is null ? null : YuLanData.Inference.Tokenization.HuggingFaceTokenizer.Load(tokenizerPath);
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => FileFormats.FromPath(f) != null).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"{path}: no such file or folder");
        long documents = 0, quarantined = 0;
        using var stdout = Console.OpenStandardOutput();
        using var json = new Utf8JsonWriter(stdout, DocumentJson.WriterOptions);
        foreach (var file in files)
        {
            if (YuLanData.Jobs.Mixing.TokenShardInspector.IsTokenShard(file))
            {
                Console.Out.Flush();
                documents += YuLanData.Jobs.Mixing.TokenShardInspector.Write(file, n - documents, tokenizer, Console.Out, count);
                Console.Out.Flush();
                if (!count && documents >= n)
                    return ExitCodes.Ok;
                continue;
            }
            foreach (var item in DocumentReader.ReadFile(file))
            {
                if (item.Quarantine is { } q)
                {
                    quarantined++;
                    Console.Error.WriteLine($"unreadable {q.Location}: {q.Error}");
                    continue;
                }
                documents++;
                if (!count)
                {
                    DocumentJson.Write(json, item.Document!);
                    json.Flush();
                    json.Reset();
                    stdout.WriteByte((byte)'\n');
                    if (documents >= n)
                        return ExitCodes.Ok;
                }
            }
        }
        if (count)
        {
            if (quarantined > 0)
                Console.WriteLine($"unreadable records: {quarantined}");
            Console.WriteLine(documents);
        }
        return ExitCodes.Ok;
    }
}
