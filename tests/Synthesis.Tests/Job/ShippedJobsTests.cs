using YuLanData.Cli.Commands;
using YuLanData.Synthesis.Job;
using YuLanData.Synthesis.Tests.Backends;
using Xunit.Abstractions;
using YuLanData.Testing;

namespace YuLanData.Synthesis.Tests;

/// <summary>
/// Every shipped <c>pipelines/synthesis-*.yaml</c> runs: the seed pipelines through <c>run</c>, each synthesis job as
/// written but on the tiny fixture model on CPU (or, for <c>backend: openai</c>, against the real test server), with
/// two seeds and 8 new tokens; its progress lines show seed records done/total, tokens/s and the ETA. In the sandbox
/// collection: the HumanEval job runs code checks.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ShippedJobsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synth-shipped-").FullName;
    private readonly ITestOutputHelper _output;

    public ShippedJobsTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IEnumerable<string> ShippedFiles() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "pipelines"), "synthesis-*.yaml").Order(StringComparer.Ordinal);

    private static bool IsSynthesisJob(string file) => File.ReadLines(file).Any(l => l.StartsWith("template:", StringComparison.Ordinal));

    /// <summary>The first records of a JSONL seed file with their text cut to 3,000 characters: whole HoTT-book chapters
    /// would be cut into hundreds of seeds for the tiny model's 512-token context.</summary>
    private string Shortened(string path, string textField)
    {
        if (!path.EndsWith(".jsonl", StringComparison.Ordinal) && !path.EndsWith(".jsonl.gz", StringComparison.Ordinal)) return path;
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (lines.Count < 4 && reader.ReadLine() is { } line)
        {
            var o = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            if (o[textField]?.GetValue<string>() is { Length: > 3000 } text) o[textField] = text[..3000];
            lines.Add(o.ToJsonString());
        }
        var copy = Path.Combine(_dir, "seeds-" + Path.GetFileName(path).Replace(".gz", "", StringComparison.Ordinal));
        File.WriteAllLines(copy, lines);
        return copy;
    }

    [Fact]
    public async Task EveryShippedSynthesisYamlRunsOnTheTinyModel()
    {
        var files = ShippedFiles().ToArray();
        Assert.Contains(files, f => f.EndsWith("synthesis-openai-vllm.yaml", StringComparison.Ordinal));
        // Seed pipelines first: their outputs are the jobs' inputs.
        var produced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => !IsSynthesisJob(f)))
        {
            var copy = Path.Combine(_dir, Path.GetFileName(file));
            File.WriteAllText(copy, File.ReadAllText(file).Replace("../shared/", RepoPaths.Shared + "/", StringComparison.Ordinal));
            var output = Path.Combine(_dir, "pipeline-" + Path.GetFileNameWithoutExtension(file));
            Assert.Equal(0, RunCommand.Execute(copy, output, workers: 1, strict: false));
            var declared = File.ReadLines(file).Select(l => l.Trim()).First(l => l.StartsWith("path:", StringComparison.Ordinal))["path:".Length..].Trim();
            produced[declared] = output;
        }
        await using var server = await OpenAiTestServer.StartAsync();
        server.Answer = (prompt, seed) => $"The final answer is \\boxed{{{seed % 100}}}.\n<END>";
        Environment.SetEnvironmentVariable("VLLM_API_KEY", "test-key-of-the-shipped-job");
        foreach (var file in files.Where(IsSynthesisJob))
        {
            var options = SynthesizeCommand.LoadConfig(file);
            options.Input = options.Input.Select(i => produced.TryGetValue(i, out var o) ? o : Shortened(Path.GetFullPath(Path.Combine(RepoPaths.Root, i)), options.TextField)).ToList();
            options.TemplatesDir = Path.Combine(RepoPaths.Root, options.TemplatesDir);
            if (options.Backend == "openai")
            {
                options.BaseUrl = server.BaseUrl;
            }
            else
            {
                options.Model = SharedFiles.TinyModel;
                options.Tokenizer = SharedFiles.TinyTokenizer;
                options.Device = "cpu";
                options.Dtype = "";
                options.MaxBatch = 4;
            }
            options.Limit = 2;
            options.SamplesPerSeed = Math.Min(options.SamplesPerSeed, 2);
            options.MaxNewTokens = 8;
            options.SeedsPerPart = 1;
            options.Output = Path.Combine(_dir, "synth-" + Path.GetFileNameWithoutExtension(file));
            var log = new StringWriter();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var code = SynthesizeCommand.Run(options, log);
            Assert.True(code == 0, $"{Path.GetFileName(file)}: exit {code}\n{log}");
            var stats = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(options.Output, "stats.json")), "stats.json");
            _output.WriteLine($"{Path.GetFileName(file)}: {stats.SeedsRead} seeds, {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(stats.SeedsRead >= 2);
            var text = log.ToString();
            Assert.Contains("1/2 seed records done", text);
            Assert.Contains("2/2 seed records done", text);
            Assert.Matches(@"\d+\.\d tokens/s, ETA \d+:\d\d", text);
        }
    }
}
