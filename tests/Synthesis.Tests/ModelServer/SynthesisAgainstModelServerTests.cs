using YuLanData.Cli.Commands;
using YuLanData.Synthesis.Job;

namespace YuLanData.Synthesis.Tests.ModelServer;

/// <summary>
/// A synthesis job with <c>backend: openai</c> pointed at our own <c>serve-model</c> (real HTTP, tiny Llama on CPU)
/// writes the same samples as the same job run in-process: same prompts, request seeds, completions and decisions.
/// </summary>
public sealed class SynthesisAgainstModelServerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synth-serve-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SynthesisJobOptions Job(string seeds, string output) => new()
    {
        Input = [seeds],
        Template = "step_by_step_boxed",
        TemplatesDir = SharedFiles.PromptsDir,
        Tokenizer = SharedFiles.TinyTokenizer,
        Output = Path.Combine(_dir, output),
        SamplesPerSeed = 2,
        SeedsPerPart = 2,
        MaxNewTokens = 12,
        NearDuplicateThreshold = 0,
    };

    [Fact]
    public async Task OpenAiBackendAgainstServeModelEqualsInProcess()
    {
        var seeds = Path.Combine(_dir, "seeds.jsonl");
        SharedFiles.WriteGsm8kSeeds(seeds, 3);

        var inProcess = Job(seeds, "inprocess");
        inProcess.Model = SharedFiles.TinyModel;
        inProcess.Device = "cpu";
        inProcess.MaxBatch = 4;
        var log = new StringWriter();
        Assert.True(SynthesizeCommand.Run(inProcess, log) == 0, log.ToString());

        await using var server = await ModelServerHarness.StartAsync();
        var remote = Job(seeds, "remote");
        remote.Backend = "openai";
        remote.BaseUrl = server.BaseUrl + "/v1";   // OpenAI clients name the API root, as with vLLM
        remote.Model = ModelServerHarness.Model;
        remote.MaxConcurrency = 4;
        remote.TimeoutS = 120;
        log = new StringWriter();
        Assert.True(SynthesizeCommand.Run(remote, log) == 0, log.ToString());

        var a = SampleTable.Read(inProcess.Output);
        var b = SampleTable.Read(remote.Output);
        Assert.Equal(6, a.Count);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a.Get<long>("request_seed", i), b.Get<long>("request_seed", i));
            Assert.Equal(a.Text("prompt", i), b.Text("prompt", i));
            Assert.True(b.Text("completion", i) != null, $"sample {i}: {b.Text("reject_reason", i)} {b.Text("verification", i)}");
            Assert.Equal(a.Text("completion", i), b.Text("completion", i));
            Assert.Equal(a.Text("finish_reason", i), b.Text("finish_reason", i));
            Assert.Equal(a.Get<bool>("accepted", i), b.Get<bool>("accepted", i));
        }
    }
}
