using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Cli.ModelServer;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Model;

namespace YuLanData.Cli.Bench;

/// <summary>
/// <c>./yulandata bench serve-model</c>: a load test of <c>serve-model</c> over real HTTP (loopback): N requests
/// from C concurrent clients, sampled with a seed each, against the in-process engine (<see cref="BatchGenerator"/>,
/// the same batch size) on the same prompts and seeds, measured in the same run. Prints requests/s and tokens/s of
/// both and their ratio (each after a warm-up of one batch of short requests), and checks that both generated the same number of tokens (same work).
/// Options: <c>--requests N</c> (200) <c>--concurrency C</c> (32) <c>--max-tokens N</c> (64) <c>--batch B</c> (32)
/// <c>--model DIR</c> (../shared/fixtures/tiny-llama) <c>--tokenizer F</c> (tests/Synthesis.Tests/Fixtures/tiny-tokenizer.json).
/// </summary>
public sealed class ServeModelBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "serve-model";

    /// <inheritdoc />
    public string Description => "serve-model over HTTP (N requests, C concurrent clients) vs the in-process engine on the same prompts: requests/s, tokens/s";

    /// <inheritdoc />
    public int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        int requests = 200, concurrency = 32, maxTokens = 64, batch = 32;
        string model = Path.Combine("..", "shared", "fixtures", "tiny-llama"), tokenizer = Path.Combine("tests", "Synthesis.Tests", "Fixtures", "tiny-tokenizer.json");
        for (var i = 0; i < arguments.Count; i++)
        {
            string Value() => i + 1 < arguments.Count ? arguments[++i] : throw new ArgumentException($"{arguments[i]} needs a value");
            switch (arguments[i])
            {
                case "--requests": requests = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--max-tokens": maxTokens = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--model": model = Value(); break;
                case "--tokenizer": tokenizer = Value(); break;
                default: throw new ArgumentException($"unknown option {arguments[i]}");
            }
        }
        var prompts = Enumerable.Range(0, requests).Select(i => $"Question {i}: what is {i % 17} times {i % 13}? Think step by step.").ToArray();
        var functions = Commands.TokenizerBridge.Factory(tokenizer);

        // Baseline: the in-process engine on the same prompts and seeds, measured before and after the server (the
        // faster of the two counts), so neither side gains from running second.
        var (inProcess, before) = InProcess(model, functions, prompts, batch, maxTokens);
        var inProcessTokens = inProcess.Sum(r => (long)r.CompletionTokens);

        var options = new ModelServerOptions
        {
            ModelDir = model, Tokenizer = tokenizer, ServedModelName = "bench", Urls = ["http://127.0.0.1:0"], MaxBatch = batch,
            MaxModelLength = 2048, MaxTokensLimit = Math.Max(1024, maxTokens), MaxConcurrentRequests = Math.Max(256, concurrency),
        };
        var server = ModelServer.ModelServer.StartAsync(options, TextWriter.Null).GetAwaiter().GetResult();
        long serverTokens = 0;
        var failures = 0;
        var mismatches = 0;
        TimeSpan serverTime;
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(server.Addresses[0].TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
            Task.WaitAll(Enumerable.Range(0, batch).Select(i => client.PostAsync("v1/completions", new StringContent(
                new JsonObject { ["model"] = "bench", ["prompt"] = prompts[i % requests], ["max_tokens"] = 8, ["seed"] = i }.ToJsonString(), Encoding.UTF8, "application/json"))).ToArray());
            var next = -1;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests)
                {
                    var body = new JsonObject { ["model"] = "bench", ["prompt"] = prompts[i], ["max_tokens"] = maxTokens, ["temperature"] = 0.9, ["seed"] = i };
                    using var response = await client.PostAsync("v1/completions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                        continue;
                    }
                    Interlocked.Add(ref serverTokens, answer["usage"]!["completion_tokens"]!.GetValue<long>());
                    if (answer["choices"]![0]!["text"]!.GetValue<string>() != inProcess[i].Text) Interlocked.Increment(ref mismatches);
                }
            })).ToArray();
            Task.WaitAll(workers);
            serverTime = clock.Elapsed;
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        var (_, after) = InProcess(model, functions, prompts, batch, maxTokens);
        var inProcessTime = before < after ? before : after;
        var inReqs = requests / inProcessTime.TotalSeconds;
        var inToks = inProcessTokens / inProcessTime.TotalSeconds;
        var srvReqs = (requests - failures) / serverTime.TotalSeconds;
        var srvToks = serverTokens / serverTime.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"serve-model benchmark: {requests} requests, {concurrency} concurrent clients, max_tokens {maxTokens}, batch {batch}, model {model}, CPU"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process engine (baseline, faster of before {before.TotalSeconds:F2} s / after {after.TotalSeconds:F2} s): {inProcessTime.TotalSeconds:F2} s, {inReqs:F1} req/s, {inToks:F0} tok/s ({inProcessTokens} tokens)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"serve-model over HTTP:        {serverTime.TotalSeconds:F2} s, {srvReqs:F1} req/s, {srvToks:F0} tok/s ({serverTokens} tokens, {failures} failed, {mismatches} texts differ from in-process)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio server / in-process: requests/s {srvReqs / inReqs:F2}, tokens/s {srvToks / inToks:F2}"));
        return failures == 0 && mismatches == 0 ? 0 : 1;
    }

    private static (IReadOnlyList<GenerationResult> Results, TimeSpan Elapsed) InProcess(string model, Inference.Generation.TokenizerFunctions functions, string[] prompts, int batch, int maxTokens)
    {
        IReadOnlyList<GenerationResult> results = [];
        var elapsed = TimeSpan.Zero;
        // On its own thread, as the server's generation loop runs: a thread's OpenMP team size is its own, so running
        // the baseline on the main thread would measure a different threading setup, not the engine.
        var baseline = new Thread(() =>
        {
            using var loaded = LlamaModel.Load(model, "cpu");
            var generator = new BatchGenerator(loaded, new GeneratorOptions { MaxBatch = batch }, functions.Decode);
            var list = prompts.Select((p, i) => new GenerationRequest($"r{i}", functions.Encode(p), new SamplingParameters { Temperature = 0.9, Seed = i, MaxNewTokens = maxTokens })).ToArray();
            // Warm-up (JIT, first shapes), as the server gets below.
            generator.Generate(list.Take(batch).Select(r => r with { Sampling = r.Sampling with { MaxNewTokens = 8 } }).ToArray());
            var clock = Stopwatch.StartNew();
            results = generator.Generate(list).Results;
            elapsed = clock.Elapsed;
        });
        baseline.Start();
        baseline.Join();
        return (results, elapsed);
    }
}
