using YuLanData.Inference.Tokenization;
using YuLanData.Synthesis.Job;

namespace YuLanData.Synthesis.Backends;

/// <summary>Builds the backend a job names (<see cref="SynthesisJobOptions.Backend"/>).</summary>
public static class GenerationBackends
{
    /// <summary>Loads the model (<c>inprocess</c>) or sets up the client (<c>openai</c>).</summary>
    /// <param name="options">Validated job options.</param>
    /// <param name="log">Warnings.</param>
    /// <exception cref="ArgumentException">A backend setting is missing or unsafe.</exception>
    public static IGenerationBackend Create(SynthesisJobOptions options, TextWriter log)
    {
        var tokenizer = options.Tokenizer.Length == 0 ? null : options.Tokenizer;
        if (options.Backend != "openai")
            return new InProcessBackend(SynthesisEngine.Load(options.Model, tokenizer, options.Device,
                options.Dtype.Length == 0 ? null : options.Dtype, options.MaxBatch == 0 ? null : options.MaxBatch));
        var settings = OpenAiBackendSettings.From(options);
        if (options.Chat && settings.Endpoint == "completions" && tokenizer is null)
            throw new ArgumentException("chat: true with endpoint: completions renders the chat template here and needs tokenizer " +
                                        "(a folder or tokenizer.json beside a tokenizer_config.json); or use endpoint: chat");
        if (tokenizer is null) return new OpenAiBackend(settings, null, "", log);
        var file = Directory.Exists(tokenizer) ? Path.Combine(tokenizer, "tokenizer.json") : tokenizer;
        return new OpenAiBackend(settings, HuggingFaceTokenizer.Load(file), SynthesisEngine.HashFiles([file]), log);
    }
}
