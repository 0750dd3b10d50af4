using System.CommandLine;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;
using YuLanData.Synthesis;
using YuLanData.Synthesis.Backends;
using YuLanData.Synthesis.Job;
using YuLanData.Synthesis.Templates;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>synthesize [CONFIG.yaml] [--input GLOB ...] [--template NAME] [--model DIR] [--output DIR] [...]</c>: reads seed
/// documents from any pipeline output, fills a prompt template, generates in-process with the TorchSharp engine or
/// through an OpenAI-compatible server (<c>backend: openai</c>),
/// verifies and scores, and writes Parquet parts with provenance plus <c>stats.json</c>. Options on the command line
/// override the config file (whose keys are the snake_case names of <see cref="SynthesisJobOptions"/>).
/// </summary>
public static class SynthesizeCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var config = new Argument<string?>("config") { Description = "YAML job file (keys: see pipelines/synthesis-*.yaml).", Arity = ArgumentArity.ZeroOrOne };
        var input = new Option<string[]>("--input", "-i") { Description = "Seed files, globs or pipeline output folders (repeatable).", AllowMultipleArgumentsPerToken = true };
        var template = new Option<string?>("--template", "-t") { Description = "Template name in --templates-dir, or a .prompt file." };
        var templatesDir = new Option<string?>("--templates-dir") { Description = "Folder of .prompt files (default pipelines/prompts)." };
        var model = new Option<string?>("--model", "-m") { Description = "Hugging Face Llama model folder." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json or its folder (default: the model folder)." };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder." };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N." };
        var dtype = new Option<string?>("--dtype") { Description = "float32, bfloat16 or float16." };
        var maxBatch = new Option<int?>("--max-batch") { Description = "Decode batch (default: from free memory)." };
        var samples = new Option<int?>("--samples", "-n") { Description = "Samples per seed." };
        var seed = new Option<long?>("--seed") { Description = "Base seed of the request seeds." };
        var perPart = new Option<int?>("--seeds-per-part") { Description = "Seeds per output part (resume unit)." };
        var limit = new Option<long?>("--limit") { Description = "Read at most this many seed records." };
        var greedy = new Option<bool?>("--greedy") { Description = "Override the template: greedy decoding (true/false)." };
        var temperature = new Option<double?>("--temperature") { Description = "Override the template's temperature." };
        var topP = new Option<double?>("--top-p") { Description = "Override the template's top_p." };
        var topK = new Option<int?>("--top-k") { Description = "Override the template's top_k." };
        var maxNew = new Option<int?>("--max-new-tokens") { Description = "Override the template's max_new_tokens." };
        var skipMissing = new Option<bool?>("--skip-missing-fields") { Description = "Reject seeds that lack a template field instead of stopping." };
        var textField = new Option<string?>("--text-field") { Description = "Input text field (default text)." };
        var command = new Command("synthesize", "Generate and verify synthetic data from seed documents (templates in pipelines/prompts).")
        {
            config, input, template, templatesDir, model, tokenizer, output, device, dtype, maxBatch, samples, seed, perPart, limit,
            greedy, temperature, topP, topK, maxNew, skipMissing, textField,
        };
        command.SetAction(parse =>
        {
            SynthesisJobOptions options;
            try
            {
                options = parse.GetValue(config) is { } file ? LoadConfig(file) : new SynthesisJobOptions();
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                Console.Error.WriteLine($"synthesize: {e.Message}");
                return ExitCodes.BadConfig;
            }
            if (parse.GetValue(input) is { Length: > 0 } inputs) options.Input = [.. inputs];
            options.Template = parse.GetValue(template) ?? options.Template;
            options.TemplatesDir = parse.GetValue(templatesDir) ?? options.TemplatesDir;
            options.Model = parse.GetValue(model) ?? options.Model;
            options.Tokenizer = parse.GetValue(tokenizer) ?? options.Tokenizer;
            options.Output = parse.GetValue(output) ?? options.Output;
            options.Device = parse.GetValue(device) ?? options.Device;
            options.Dtype = parse.GetValue(dtype) ?? options.Dtype;
            options.MaxBatch = parse.GetValue(maxBatch) ?? options.MaxBatch;
            options.SamplesPerSeed = parse.GetValue(samples) ?? options.SamplesPerSeed;
            options.Seed = parse.GetValue(seed) ?? options.Seed;
            options.SeedsPerPart = parse.GetValue(perPart) ?? options.SeedsPerPart;
            options.Limit = parse.GetValue(limit) ?? options.Limit;
            options.Greedy = parse.GetValue(greedy) ?? options.Greedy;
            options.Temperature = parse.GetValue(temperature) ?? options.Temperature;
            options.TopP = parse.GetValue(topP) ?? options.TopP;
            options.TopK = parse.GetValue(topK) ?? options.TopK;
            options.MaxNewTokens = parse.GetValue(maxNew) ?? options.MaxNewTokens;
            options.SkipMissingFields = parse.GetValue(skipMissing) ?? options.SkipMissingFields;
            options.TextField = parse.GetValue(textField) ?? options.TextField;
            return Run(options, Console.Error);
        });
        return command;
    }

    /// <summary>Runs a job; returns the exit code (0 done, 2 bad configuration, 1 failure).</summary>
    /// <param name="options">Job settings.</param>
    /// <param name="log">Progress and error lines.</param>
    public static int Run(SynthesisJobOptions options, TextWriter log)
    {
        PromptTemplate template;
        IReadOnlyList<string> files;
        try
        {
            options.Validate();
            template = options.Template.EndsWith(".prompt", StringComparison.Ordinal) || File.Exists(options.Template)
                ? PromptTemplateLoader.Load(options.Template)
                : PromptTemplateLoader.LoadNamed(options.TemplatesDir, options.Template);
            files = ExpandInputs(options.Input);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException)
        {
            log.WriteLine($"synthesize: {e.Message}");
            return ExitCodes.BadConfig;
        }
        IGenerationBackend backend;
        try
        {
            backend = GenerationBackends.Create(options, log);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or NotSupportedException or IOException or InvalidOperationException)
        {
            log.WriteLine($"synthesize: {e.Message}");
            return ExitCodes.BadConfig;
        }
        using (backend)
        {
            try
            {
                var job = new SynthesisJob(options, template, backend, log);
                job.Run(ReadSeeds(files, options), files, CountSeeds(files, options));
                return ExitCodes.Ok;
            }
            catch (TemplateFieldMissingException e)
            {
                log.WriteLine($"synthesize: {e.Message} (or pass --skip-missing-fields to reject such seeds)");
                return ExitCodes.BadConfig;
            }
            catch (BackendUnavailableException e)
            {
                log.WriteLine($"synthesize: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FileNotFoundException)
            {
                log.WriteLine($"synthesize: {e.Message}");
                return ExitCodes.BadConfig;
            }
        }
    }

    /// <summary>Reads <paramref name="file"/> as YAML into job options; errors name the file, line and column.</summary>
    public static SynthesisJobOptions LoadConfig(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: synthesis config not found", file);
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        try
        {
            return deserializer.Deserialize<SynthesisJobOptions?>(File.ReadAllText(file)) ?? new SynthesisJobOptions();
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{file}:{e.Start.Line}:{e.Start.Column}: {(e.InnerException ?? e).Message}", e);
        }
    }

    /// <summary>Expands globs and pipeline output folders into sorted, distinct seed files.</summary>
    /// <exception cref="ArgumentException">A pattern matches no readable file.</exception>
    public static IReadOnlyList<string> ExpandInputs(IEnumerable<string> patterns)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            IEnumerable<string> matched = Directory.Exists(pattern)
                ? Directory.EnumerateFiles(pattern, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetRelativePath(pattern, f).Split(Path.DirectorySeparatorChar)
                        .Any(part => part is "stats" or "quarantine" or "exclusions" or ".tmp"))
                : Glob.Expand(pattern);
            var usable = matched.Where(f => FileFormats.FromPath(f) is not null).ToArray();
            if (usable.Length == 0)
                throw new ArgumentException($"input '{pattern}' matches no seed files (.jsonl, .jsonl.gz, .jsonl.zst, .parquet; working directory {Environment.CurrentDirectory})");
            files.UnionWith(usable);
        }
        return files.ToArray();
    }

    /// <summary>Seed records the run will read (for progress lines), within <see cref="SynthesisJobOptions.Limit"/>.</summary>
    private static long CountSeeds(IReadOnlyList<string> files, SynthesisJobOptions options)
    {
        long n = 0;
        foreach (var _ in ReadSeeds(files, options))
            if (++n == options.Limit) break;
        return n;
    }

    private static IEnumerable<SeedRecord> ReadSeeds(IReadOnlyList<string> files, SynthesisJobOptions options)
    {
        var reader = new ReaderOptions { TextField = options.TextField, IdField = options.IdField, SourceField = options.SourceField };
        foreach (var file in files)
            foreach (var r in DocumentReader.ReadFile(file, reader))
            {
                if (r.Document is { } d) yield return new SeedRecord(SeedDocument.FromRecord(d.Id, d.Text, d.Source, d.Metadata, options.IdField, options.TextField, options.SourceField), null);
                else if (r.Quarantine is { } q) yield return new SeedRecord(null, string.Create(CultureInfo.InvariantCulture, $"{q.Location}: {q.Error}"));
            }
    }
}
