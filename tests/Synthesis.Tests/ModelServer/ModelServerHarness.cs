using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Cli.ModelServer;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Model;

namespace YuLanData.Synthesis.Tests.ModelServer;

/// <summary>
/// A real <c>serve-model</c> server on the tiny fixture Llama (CPU) at a free loopback port, a client for it, and the
/// in-process engine on the same model and tokenizer to compare answers with.
/// </summary>
internal sealed class ModelServerHarness : IAsyncDisposable
{
    public const string Model = "tiny";

    private ModelServerHarness(Cli.ModelServer.ModelServer server, string tokenizerDir)
    {
        Server = server;
        TokenizerDir = tokenizerDir;
        BaseUrl = server.Addresses[0].TrimEnd('/');
        // No draining of an abandoned response: a disposed response closes its connection, as a departed client's does.
        Client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public Cli.ModelServer.ModelServer Server { get; }
    public string BaseUrl { get; }
    public HttpClient Client { get; }
    public string TokenizerDir { get; }

    /// <summary>A chat template the tiny tokenizer can encode.</summary>
    public const string Template = "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}";

    public static async Task<ModelServerHarness> StartAsync(Func<ModelServerOptions, ModelServerOptions>? configure = null)
    {
        var dir = Directory.CreateTempSubdirectory("serve-model-").FullName;
        File.Copy(SharedFiles.TinyTokenizer, Path.Combine(dir, "tokenizer.json"));
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"),
            new JsonObject { ["chat_template"] = Template, ["bos_token"] = "<s>", ["eos_token"] = "</s>" }.ToJsonString());
        var options = new ModelServerOptions
        {
            ModelDir = SharedFiles.TinyModel, Tokenizer = Path.Combine(dir, "tokenizer.json"), ServedModelName = Model,
            Urls = ["http://127.0.0.1:0"], MaxBatch = 8, MaxModelLength = 512,
        };
        options = configure?.Invoke(options) ?? options;
        var server = await Cli.ModelServer.ModelServer.StartAsync(options, TextWriter.Null);
        return new ModelServerHarness(server, dir);
    }

    public static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public async Task<(int Status, JsonObject Body)> PostAsync(string path, JsonObject body, string? bearer = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        if (bearer is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await Client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(text)!);
    }

    /// <summary>In-process generation of the same requests on a separately loaded model, as <c>generate</c> runs it.</summary>
    public static IReadOnlyList<GenerationResult> InProcess(IReadOnlyList<GenerationRequest> requests)
    {
        using var model = LlamaModel.Load(SharedFiles.TinyModel, "cpu");
        var tokenizer = Cli.Commands.TokenizerBridge.Factory(SharedFiles.TinyTokenizer);
        return new BatchGenerator(model, new GeneratorOptions { MaxBatch = 4 }, tokenizer.Decode).Generate(requests).Results;
    }

    public static IReadOnlyList<int> Encode(string text) => Cli.Commands.TokenizerBridge.Factory(SharedFiles.TinyTokenizer).Encode(text);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(TokenizerDir, recursive: true);
    }
}
