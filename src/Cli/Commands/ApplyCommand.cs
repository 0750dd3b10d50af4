using System.CommandLine;
using System.Text.Json;
using YamlDotNet.RepresentationModel;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;

namespace YuLanData.Cli.Commands;

/// <summary><c>apply &lt;stage&gt; [--set key=value ...] --input F --output O [--decisions]</c>: one stage over one file.</summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var stage = new Argument<string>("stage") { Description = "A registered stage name (see 'stages')." };
        var set = new Option<string[]>("--set") { Description = "A stage parameter as key=value (value in YAML syntax: 0.5, true, [en, zh]); repeatable." };
        var input = new Option<string>("--input", "-i") { Description = "Input file (.jsonl, .jsonl.gz, .jsonl.zst, .parquet).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output file; its extension picks the format.", Required = true };
        var decisions = new Option<bool>("--decisions") { Description = "Write every document with keep, reason, metadata and rewritten text (JSONL), instead of the kept documents." };
        var textField = new Option<string>("--text-field") { Description = "Input text field.", DefaultValueFactory = _ => "text" };
        var command = new Command("apply", "Run one stage over one file: kept documents out, or every decision with --decisions.") { stage, set, input, output, decisions, textField };
        command.SetAction(parse => Execute(parse.GetValue(stage)!, parse.GetValue(set) ?? [], parse.GetValue(input)!, parse.GetValue(output)!,
            parse.GetValue(decisions), parse.GetValue(textField)!));
        return command;
    }

    /// <summary>Builds a stage's options from <c>key=value</c> pairs, with the same checks as a pipeline file.</summary>
    public static object? BindOptions(StageDefinition definition, IEnumerable<string> pairs)
    {
        var map = new YamlMappingNode();
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new PipelineConfigException("--set", 0, 0, $"'{pair}' is not key=value");
            var stream = new YamlStream();
            stream.Load(new StringReader(pair[(eq + 1)..]));
            var value = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : new YamlScalarNode("");
            map.Add(new YamlScalarNode(pair[..eq]), value);
        }
        var options = definition.CreateDefaultOptions();
        if (options == null)
        {
            if (map.Children.Count > 0)
                throw new PipelineConfigException("--set", 0, 0, $"stage '{definition.Name}' takes no parameters");
            return null;
        }
        OptionsBinder.Bind(options, map, "--set", definition.Name, map);
        return options;
    }

    private static int Execute(string stageName, string[] set, string input, string output, bool decisions, string textField)
    {
        var definition = StageRegistry.Find(stageName)
            ?? throw new PipelineConfigException("apply", 0, 0, $"unknown stage '{stageName}'" + (StageRegistry.Closest(stageName) is { } c ? $" (did you mean '{c}'?)" : ""));
        var stage = definition.Prepare(BindOptions(definition, set))();
        var outFormat = FileFormats.FromPath(output) ?? throw new ArgumentException($"{output}: unsupported output type (supported: {FileFormats.SupportedList})");
        if (decisions && outFormat == FileFormat.Parquet)
            throw new ArgumentException("--decisions writes JSONL; name a .jsonl, .jsonl.gz or .jsonl.zst output");
        long kept = 0, dropped = 0, quarantined = 0;
        string dir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(dir);
        using var keptWriter = decisions ? null : outFormat == FileFormat.Parquet ? (IDocumentWriter)new ParquetDocumentWriter(output) : new JsonlDocumentWriter(output, outFormat);
        using var decisionStream = decisions ? CompressedStreams.Compress(new FileStream(output, FileMode.Create), outFormat) : null;
        using var json = decisionStream == null ? null : new Utf8JsonWriter(decisionStream, DocumentJson.WriterOptions);
        foreach (var item in DocumentReader.ReadFile(input, new ReaderOptions { TextField = textField }))
        {
            if (item.Quarantine is { } q)
            {
                quarantined++;
                Console.Error.WriteLine($"quarantined {q.Location}: {q.Error}");
                continue;
            }
            var doc = item.Document!;
            string before = doc.Text;
            var outcome = stage.Process(doc);
            if (outcome.Keep) kept++; else dropped++;
            if (json != null)
            {
                json.WriteStartObject();
                json.WriteString("id", doc.Id);
                json.WriteBoolean("keep", outcome.Keep);
                if (outcome.Reason != null)
                    json.WriteString("reason", outcome.Reason);
                else
                    json.WriteNull("reason");
                if (!ReferenceEquals(before, doc.Text))
                    json.WriteString("text", doc.Text);
                json.WritePropertyName("metadata");
                doc.WriteMetadata(json);
                json.WriteEndObject();
                json.Flush();
                json.Reset();
                decisionStream!.WriteByte((byte)'\n');
            }
            else if (outcome.Keep)
                keptWriter!.Write(doc);
        }
        Console.Error.WriteLine($"{stageName}: kept {kept}, dropped {dropped}, quarantined {quarantined} -> {output}");
        return ExitCodes.Ok;
    }
}
