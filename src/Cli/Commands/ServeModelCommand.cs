using System.CommandLine;
using YuLanData.Cli.ModelServer;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>serve-model --model DIR [--tokenizer F] [--urls URL ...] [--served-model-name NAME] [--api-key-file F] ...</c>:
/// an OpenAI-compatible completions server on the project's engine (<see cref="ModelServer.ModelServer"/>).
/// A bad setting or an unsafe bind (beyond loopback without a key) prints <c>serve-model: ...</c> and exits 2.
/// </summary>
internal static class ServeModelCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Hugging Face model folder (config.json + safetensors)." };
        var tokenizer = new Option<string>("--tokenizer") { Description = "tokenizer.json or its folder (default: the model folder); a tokenizer_config.json beside it (or in the model folder) gives the chat template." };
        var urls = new Option<string[]>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:8000); any non-loopback address requires an API key.", AllowMultipleArgumentsPerToken = true };
        var name = new Option<string>("--served-model-name") { Description = "The model name clients send (default: the model folder's name)." };
        var keyFile = new Option<string>("--api-key-file") { Description = "File holding the bearer token clients must send (mode 0600; default: the YULANDATA_API_KEY environment variable)." };
        var hosts = new Option<string[]>("--allowed-host") { Description = "Host names served besides localhost, IP addresses and the --urls names (repeatable).", AllowMultipleArgumentsPerToken = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var dtype = new Option<string>("--dtype") { Description = "float32|bfloat16|float16 (default: float32 on CPU, bfloat16 on CUDA)." };
        var batch = new Option<int>("--max-batch") { Description = "Sequences decoded together (KV-cache slots).", DefaultValueFactory = _ => 32 };
        var context = new Option<int>("--max-model-len") { Description = "Positions per sequence, prompt plus completion (capped by the model's context).", DefaultValueFactory = _ => 2048 };
        var maxTokens = new Option<int>("--max-tokens-limit") { Description = "Largest max_tokens a request may ask for.", DefaultValueFactory = _ => 1024 };
        var maxN = new Option<int>("--max-n") { Description = "Largest n (choices per prompt).", DefaultValueFactory = _ => 16 };
        var concurrent = new Option<int>("--max-concurrent-requests") { Description = "Completion requests in flight at once; more get 429.", DefaultValueFactory = _ => 256 };
        var body = new Option<long>("--max-body-bytes") { Description = "Largest request body; larger get 413.", DefaultValueFactory = _ => 1 << 20 };
        var command = new Command("serve-model", "Serve a model over an OpenAI-compatible API (/v1/completions, /v1/chat/completions, /v1/models) with continuous batching.")
        {
            model, tokenizer, urls, name, keyFile, hosts, device, dtype, batch, context, maxTokens, maxN, concurrent, body,
        };
        command.SetAction(parse =>
        {
            try
            {
                var modelDir = parse.GetValue(model) ?? throw new ArgumentException("serve-model needs --model DIR");
                var options = new ModelServerOptions
                {
                    ModelDir = modelDir,
                    Tokenizer = parse.GetValue(tokenizer),
                    ServedModelName = parse.GetValue(name) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDir))),
                    Urls = parse.GetValue(urls) is { Length: > 0 } u ? u.SelectMany(x => x.Split(';', StringSplitOptions.RemoveEmptyEntries)).ToArray() : ["http://127.0.0.1:8000"],
                    ApiKey = ReadKey(parse.GetValue(keyFile)),
                    AllowedHosts = parse.GetValue(hosts) ?? [],
                    Device = parse.GetValue(device) ?? "cpu",
                    DType = parse.GetValue(dtype),
                    MaxBatch = parse.GetValue(batch),
                    MaxModelLength = parse.GetValue(context),
                    MaxTokensLimit = parse.GetValue(maxTokens),
                    MaxChoices = parse.GetValue(maxN),
                    MaxConcurrentRequests = parse.GetValue(concurrent),
                    MaxBodyBytes = Math.Max(1024, parse.GetValue(body)),
                };
                var server = ModelServer.ModelServer.StartAsync(options, Console.Error).GetAwaiter().GetResult();
                Console.Error.WriteLine("press Ctrl+C to stop");
                server.WaitForShutdownAsync().GetAwaiter().GetResult();
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or InvalidDataException or NotSupportedException)
            {
                Console.Error.WriteLine($"serve-model: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static string? ReadKey(string? path)
    {
        if (path is null) return Environment.GetEnvironmentVariable("YULANDATA_API_KEY") is { Length: > 0 } env ? env.Trim() : null;
        if (!File.Exists(path)) throw new ArgumentException($"--api-key-file {path}: no such file");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            throw new ArgumentException($"--api-key-file {path} is readable or writable by others; run chmod 600 on it");
        return File.ReadAllText(path).Trim();
    }
}
