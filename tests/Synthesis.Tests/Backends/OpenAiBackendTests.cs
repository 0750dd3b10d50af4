using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Cli.Commands;
using YuLanData.Synthesis.Job;

namespace YuLanData.Synthesis.Tests.Backends;

/// <summary>
/// <c>backend: openai</c> end to end against a real HTTP server (<see cref="OpenAiTestServer"/>, Kestrel on loopback)
/// that answers real GSM8K seeds deterministically from the prompt and the request seed: right answers for most
/// request seeds, a wrong one when the seed is divisible by 4, so accepted and rejected samples depend on the seed.
/// </summary>
public sealed class OpenAiBackendTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synth-openai-").FullName;
    private readonly Dictionary<string, string> _answers = new(StringComparer.Ordinal);   // question -> known final answer
    private readonly List<string> _questions = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Seeds(int count)
    {
        var path = Path.Combine(_dir, $"seeds-{count}.jsonl");
        var lines = new List<string>();
        foreach (var s in SharedFiles.Gsm8k.Take(count))
        {
            var o = (JsonObject)s.Metadata.DeepClone();
            o["id"] = s.Id;
            o["text"] = s.Text;
            var question = o["question"]!.GetValue<string>();
            var answer = o["answer"]!.GetValue<string>();
            _answers[question] = answer[(answer.LastIndexOf("####", StringComparison.Ordinal) + 4)..].Trim();
            _questions.Add(question);
            lines.Add(o.ToJsonString());
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The index of the seed whose question the prompt holds.</summary>
    private int SeedIndex(string prompt) => _questions.FindIndex(q => prompt.Contains(q, StringComparison.Ordinal));

    private static bool Wrong(long seed) => seed % 4 == 0;

    private string Answer(string prompt, long seed)
    {
        var question = _questions[SeedIndex(prompt)];
        var answer = Wrong(seed) ? _answers[question] + "1" : _answers[question];
        return $"We read the problem: {question}\nWorking it through with draw {seed}.\nThe final answer is \\boxed{{{answer}}}.\n<END>\nanything after the stop string";
    }

    private async Task<OpenAiTestServer> Server()
    {
        var server = await OpenAiTestServer.StartAsync();
        server.Answer = Answer;
        return server;
    }

    private SynthesisJobOptions Options(string output, string seeds, OpenAiTestServer server) => new()
    {
        Input = [seeds],
        Template = "step_by_step_boxed",
        TemplatesDir = SharedFiles.PromptsDir,
        Backend = "openai",
        BaseUrl = server.BaseUrl,
        Model = "test-model",
        Output = Path.Combine(_dir, output),
        SamplesPerSeed = 2,
        SeedsPerPart = 3,
        NearDuplicateThreshold = 0,
        MaxConcurrency = 4,
        TimeoutS = 20,
        MaxRetries = 3,
        RetryDelayS = 0.01,
    };

    [Fact]
    public async Task ServerSamplesAreVerifiedAndCarryProvenanceSeedsAndStops()
    {
        await using var server = await Server();
        var options = Options("out", Seeds(6), server);
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);

        var table = SampleTable.Read(options.Output);
        Assert.Equal(12, table.Count);
        var bodies = server.Bodies.ToArray();
        Assert.Equal(12, bodies.Length);
        var accepted = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var seed = table.Get<long>("request_seed", i);
            var body = Assert.Single(bodies, b => b["seed"]!.GetValue<long>() == seed);
            Assert.Equal(table.Text("prompt", i), OpenAiTestServer.PromptOf(body));
            Assert.Equal("test-model", body["model"]!.GetValue<string>());
            Assert.Equal(["<END>"], body["stop"]!.AsArray().Select(x => x!.GetValue<string>()));
            Assert.Equal(0.7, body["temperature"]!.GetValue<double>());
            Assert.Equal(1024, body["max_tokens"]!.GetValue<int>());

            var wrong = Wrong(seed);
            Assert.Equal(!wrong, table.Get<bool>("accepted", i));
            Assert.Equal(wrong ? "wrong_answer" : null, table.Text("reject_reason", i));
            if (!wrong) accepted++;
            Assert.Equal("stop", table.Text("finish_reason", i));
            Assert.EndsWith(".\n", table.Text("completion", i));              // cut before <END>, as the server's stop_reason says
            Assert.Equal(server.BaseUrl, table.Text("model_path", i));
            Assert.Equal("openai:test-model", table.Text("model_hash", i));
            var provenance = JsonNode.Parse(table.Text("backend", i)!)!.AsObject();
            Assert.Equal("openai", provenance["backend"]!.GetValue<string>());
            Assert.Equal(server.BaseUrl, provenance["base_url"]!.GetValue<string>());
            Assert.Equal("completions", provenance["endpoint"]!.GetValue<string>());
            Assert.Equal("test-model", provenance["served_model"]!.GetValue<string>());
            Assert.Equal(OpenAiTestServer.Fingerprint, provenance["system_fingerprint"]!.GetValue<string>());
            Assert.True(table.Get<int>("completion_tokens", i) > 10);
        }
        Assert.InRange(accepted, 1, 11);                                   // both outcomes occur with these seeds
        var stats = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(options.Output, "stats.json")), "stats.json");
        Assert.Equal(6, stats.SeedsRead);
        Assert.Equal(accepted, stats.SamplesAccepted);
        Assert.Contains("6/6 seed records done", log);
        Assert.Contains("tokens/s", log);
    }

    [Fact]
    public async Task OutputBytesDoNotDependOnConcurrencyOrCompletionOrder()
    {
        await using var server = await Server();
        // Answers arrive in an order unrelated to the request order: each waits 0-80 ms by its seed.
        server.Faults = (_, seed, _) => new Fault.Delay(TimeSpan.FromMilliseconds((int)((ulong)seed % 81)));
        var seeds = Seeds(6);
        var one = Options("one", seeds, server);
        one.MaxConcurrency = 1;
        var eight = Options("eight", seeds, server);
        eight.MaxConcurrency = 8;
        var (code1, log1) = SynthesisRuns.Run(one);
        Assert.True(code1 == 0, log1);
        var (code8, log8) = SynthesisRuns.Run(eight);
        Assert.True(code8 == 0, log8);
        Assert.Equal(SynthesisRuns.FileHashes(one.Output), SynthesisRuns.FileHashes(eight.Output));
        Assert.True(server.MaxInFlight > 1, $"at most {server.MaxInFlight} requests in flight with max_concurrency 8");
    }

    [Fact]
    public async Task RetriesThrough429And5xxAndGivesTheSameOutputAsAHealthyServer()
    {
        await using var healthy = await Server();
        var seeds = Seeds(3);
        var clean = Options("clean", seeds, healthy);
        Assert.Equal(0, SynthesisRuns.Run(clean).Code);

        await using var flaky = await Server();
        flaky.Faults = (_, _, attempt) => attempt switch
        {
            1 => new Fault.Status(429, RetryAfterSeconds: 0),
            2 => new Fault.Status(503),
            _ => null,
        };
        var options = Options("flaky", seeds, flaky);
        options.BaseUrl = flaky.BaseUrl;
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        Assert.All(flaky.Attempts.Values, n => Assert.Equal(3, n));
        Assert.Equal(6, flaky.Attempts.Count);
        var a = SampleTable.Read(clean.Output);
        var b = SampleTable.Read(options.Output);
        for (var i = 0; i < a.Count; i++) Assert.Equal(a.Text("completion", i), b.Text("completion", i));
    }

    [Fact]
    public async Task AHostileRetryAfterIsCappedAtMaxRetryDelay()
    {
        await using var server = await Server();
        // A day's wait asked for on the first attempt of every request.
        server.Faults = (_, _, attempt) => attempt == 1 ? new Fault.Status(429, RetryAfterSeconds: 86400) : null;
        var options = Options("out", Seeds(3), server);
        options.MaxRetryDelayS = 0.2;
        var clock = Stopwatch.StartNew();
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        Assert.All(server.Attempts.Values, n => Assert.Equal(2, n));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AttemptTimeoutCancelsAStalledAnswerAndRetries()
    {
        await using var server = await Server();
        server.Faults = (_, _, attempt) => attempt == 1 ? new Fault.Delay(TimeSpan.FromSeconds(60)) : null;
        var options = Options("out", Seeds(3), server);
        options.TimeoutS = 2;
        var clock = Stopwatch.StartNew();
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        // Every stalled first attempt was cancelled and retried (a loaded machine may need a third attempt).
        Assert.Equal(6, server.Attempts.Count);
        Assert.All(server.Attempts.Values, n => Assert.InRange(n, 2, 4));
        // Without the per-attempt timeout the first attempts would take 60 s each.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"took {clock.Elapsed}");
        Assert.Equal(6, SampleTable.Read(options.Output).Count);
    }

    [Fact]
    public async Task RequestsInFlightStayWithinMaxConcurrency()
    {
        await using var server = await Server();
        server.Faults = (_, _, _) => new Fault.Delay(TimeSpan.FromMilliseconds(150));
        var options = Options("out", Seeds(6), server);
        options.SeedsPerPart = 6;
        options.MaxConcurrency = 3;
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        Assert.Equal(12, server.Requests);
        Assert.InRange(server.MaxInFlight, 2, 3);
    }

    [Fact]
    public async Task BreakerOpensOnAFailingServerNothingOfThePartIsWrittenAndARerunResumes()
    {
        await using var server = await Server();
        var failing = true;
        // The second part's seeds (index 3..5) fail with 500 while `failing` holds.
        server.Faults = (prompt, _, _) => failing && SeedIndex(prompt) >= 3 ? new Fault.Status(500) : null;
        var seeds = Seeds(6);
        var options = Options("out", seeds, server);
        options.MaxConcurrency = 2;
        options.MaxRetries = 6;
        options.BreakerMinRequests = 4;
        options.BreakerBreakS = 60;
        var (code, log) = SynthesisRuns.Run(options);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("circuit breaker is open", log);
        Assert.Contains("rerun to resume", log);
        Assert.True(File.Exists(Path.Combine(options.Output, "accepted", "part-00000.parquet")));
        Assert.False(File.Exists(Path.Combine(options.Output, "stats", "part-00001.json")));
        Assert.False(File.Exists(Path.Combine(options.Output, "accepted", "part-00001.parquet")));
        var failedAttempts = server.Attempts.Where(kv => SeedIndex(kv.Key.Prompt) >= 3).Sum(kv => kv.Value);
        // Without the breaker: 6 requests x 7 attempts. The breaker stops it after about as many failures as successes.
        Assert.True(failedAttempts < 6 * 7, $"{failedAttempts} attempts reached the failing server");

        failing = false;
        var firstPart = server.Attempts.Where(kv => SeedIndex(kv.Key.Prompt) < 3).ToDictionary();
        (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        Assert.Contains("1 already done", log);
        foreach (var (key, n) in firstPart) Assert.Equal(n, server.Attempts[key]);   // the finished part was not asked again

        var straight = Options("straight", seeds, server);
        Assert.Equal(0, SynthesisRuns.Run(straight).Code);
        Assert.Equal(SynthesisRuns.FileHashes(straight.Output), SynthesisRuns.FileHashes(options.Output));
    }

    [Fact]
    public async Task MalformedOversizedAndRefusedAnswersAreThatSamplesErrorsNotACrash()
    {
        await using var server = await Server();
        server.Faults = (prompt, _, _) => SeedIndex(prompt) switch
        {
            0 => new Fault.Malformed(),
            1 => new Fault.Huge(3 << 20),
            2 => new Fault.Status(400),
            _ => null,
        };
        var options = Options("out", Seeds(4), server);
        options.MaxResponseMb = 1;
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        var table = SampleTable.Read(options.Output);
        Assert.Equal(8, table.Count);
        string[] expected = ["malformed JSON", "over the limit", "HTTP 400"];
        for (var i = 0; i < 8; i++)
        {
            var seedIndex = SeedIndex(table.Text("prompt", i)!);
            if (seedIndex == 3)
            {
                Assert.NotEqual("generation_error", table.Text("reject_reason", i));
                continue;
            }
            Assert.Equal("generation_error", table.Text("reject_reason", i));
            Assert.Equal("error", table.Text("finish_reason", i));
            Assert.Contains(expected[seedIndex], table.Text("verification", i));
        }
        // Per-sample errors are not retried: each of those requests reached the server once.
        Assert.All(server.Attempts.Where(kv => SeedIndex(kv.Key.Prompt) < 3), kv => Assert.Equal(1, kv.Value));
        var stats = SynthesisStats.FromJson(File.ReadAllText(Path.Combine(options.Output, "stats.json")), "stats.json");
        Assert.Equal(6, stats.SamplesRejected["generation_error"]);
    }

    [Fact]
    public async Task ApiKeyIsReadFromTheNamedVariableSentAsBearerAndNeverWritten()
    {
        await using var server = await Server();
        const string variable = "YULANDATA_OPENAI_TEST_KEY";
        const string secret = "sk-test-0123456789abcdef";
        Environment.SetEnvironmentVariable(variable, secret);
        var options = Options("out", Seeds(3), server);
        options.ApiKeyEnv = variable;
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        Assert.All(server.Authorization, a => Assert.Equal("Bearer " + secret, a));
        Assert.Equal(6, server.Authorization.Count);
        foreach (var file in Directory.GetFiles(options.Output, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        Assert.DoesNotContain(secret, log);
    }

    [Theory]
    [InlineData("sk-test-0123456789abcdef")]
    [InlineData("a3f9c2e8b7d14f6a9e0c3b5d7f1a2c4e")]
    [InlineData("Bearer xyz")]
    public async Task AKeyPastedAsApiKeyEnvIsRefusedWithoutBeingRepeated(string value)
    {
        await using var server = await Server();
        var options = Options("out", Seeds(3), server);
        options.ApiKeyEnv = value;
        var (code, log) = SynthesisRuns.Run(options);
        Assert.Equal(ExitCodes.BadConfig, code);
        Assert.Contains("api_key_env must be the NAME of an environment variable", log);
        Assert.DoesNotContain(value, log);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task ChatEndpointSendsSystemAndUserTurns()
    {
        await using var server = await Server();
        var options = Options("out", Seeds(3), server);
        options.Chat = true;
        options.System = "Please reason step by step.";
        var (code, log) = SynthesisRuns.Run(options);
        Assert.True(code == 0, log);
        Assert.All(server.Bodies, b =>
        {
            var messages = b["messages"]!.AsArray();
            Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
            Assert.Equal("Please reason step by step.", messages[0]!["content"]!.GetValue<string>());
            Assert.Equal("user", messages[1]!["role"]!.GetValue<string>());
            Assert.Null(b["prompt"]);
        });
        var table = SampleTable.Read(options.Output);
        Assert.Contains(Enumerable.Range(0, table.Count), i => table.Get<bool>("accepted", i));
        Assert.Equal("chat", JsonNode.Parse(table.Text("backend", 0)!)!["endpoint"]!.GetValue<string>());
    }

    [Fact]
    public void YamlJobNamesTheBackendAndErrorsKeepFileLineColumn()
    {
        var file = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(file, """
            input: [seeds.jsonl]
            template: step_by_step_boxed
            backend: openai
            base_url: http://127.0.0.1:8000/v1
            model: Qwen/Qwen2.5-Math-7B-Instruct
            api_key_env: VLLM_API_KEY
            endpoint: completions
            max_concurrency: 64
            timeout_s: 600
            output: out/x
            """);
        var options = SynthesizeCommand.LoadConfig(file);
        Assert.Equal("openai", options.Backend);
        Assert.Equal("http://127.0.0.1:8000/v1", options.BaseUrl);
        Assert.Equal(64, options.MaxConcurrency);
        Assert.Equal(600, options.TimeoutS);
        File.WriteAllText(file, "backend: openai\napi_key: sk-0123\n");
        var e = Assert.Throws<InvalidDataException>(() => SynthesizeCommand.LoadConfig(file));
        Assert.StartsWith(file + ":2:1:", e.Message);
    }
}
