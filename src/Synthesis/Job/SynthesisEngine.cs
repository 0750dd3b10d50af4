using System.IO.Hashing;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Model;
using YuLanData.Inference.Native;
using YuLanData.Inference.Tokenization;
using static TorchSharp.torch;

namespace YuLanData.Synthesis.Job;

/// <summary>The model, its tokenizer and the batch generator, loaded once per job, with their content hashes.</summary>
public sealed class SynthesisEngine : IDisposable
{
    private readonly LlamaModel _model;

    private SynthesisEngine(LlamaModel model, HuggingFaceTokenizer tokenizer, BatchGenerator generator, string modelPath, string modelHash, string tokenizerHash)
    {
        _model = model;
        Tokenizer = tokenizer;
        Generator = generator;
        ModelPath = modelPath;
        ModelHash = modelHash;
        TokenizerHash = tokenizerHash;
    }

    /// <summary>The tokenizer (prompts are encoded with its special tokens, e.g. BOS).</summary>
    public HuggingFaceTokenizer Tokenizer { get; }
    /// <summary>The continuous-batching generator.</summary>
    public BatchGenerator Generator { get; }
    /// <summary>The model folder as given.</summary>
    public string ModelPath { get; }
    /// <summary>XxHash128 of <c>config.json</c> and every <c>*.safetensors</c> file (sorted by name), hex.</summary>
    public string ModelHash { get; }
    /// <summary>XxHash128 of the tokenizer file, hex.</summary>
    public string TokenizerHash { get; }
    /// <summary>Longest sequence (prompt + completion) the model takes.</summary>
    public int ContextLength => _model.Config.MaxPositionEmbeddings;

    /// <summary>Loads the model and tokenizer.</summary>
    /// <param name="modelDir">Hugging Face Llama folder.</param>
    /// <param name="tokenizerPath">tokenizer.json (or its folder); null uses the model folder.</param>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
    /// <param name="dtype"><c>float32</c>, <c>bfloat16</c> or <c>float16</c>; null: float32 on CPU, bfloat16 on CUDA.</param>
    /// <param name="maxBatch">Decode batch; null sizes it from free memory.</param>
    /// <exception cref="InvalidDataException">The tokenizer's ids do not fit the model's vocabulary.</exception>
    public static SynthesisEngine Load(string modelDir, string? tokenizerPath, string device, string? dtype, int? maxBatch)
    {
        var tokenizerFile = tokenizerPath ?? modelDir;
        if (Directory.Exists(tokenizerFile)) tokenizerFile = Path.Combine(tokenizerFile, "tokenizer.json");
        var tokenizer = HuggingFaceTokenizer.Load(tokenizerFile);
        var dev = TorchRuntime.Device(device);
        var type = TorchRuntime.DType(dtype, dev, "dtype");
        var model = LlamaModel.Load(modelDir, dev, type);
        if (tokenizer.VocabularySize > model.Config.VocabSize)
        {
            model.Dispose();
            throw new InvalidDataException($"tokenizer {tokenizerFile} has {tokenizer.VocabularySize} ids but the model in {modelDir} only {model.Config.VocabSize}");
        }
        var generator = new BatchGenerator(model, new GeneratorOptions { MaxBatch = maxBatch }, ids => tokenizer.Decode(ids.ToArray()));
        var modelFiles = Directory.EnumerateFiles(modelDir, "*.safetensors").Append(Path.Combine(modelDir, "config.json"))
            .Order(StringComparer.Ordinal).ToArray();
        return new SynthesisEngine(model, tokenizer, generator, modelDir, HashFiles(modelFiles), HashFiles([tokenizerFile]));
    }

    /// <summary>XxHash128 over the names and bytes of <paramref name="files"/>, hex.</summary>
    public static string HashFiles(IEnumerable<string> files)
    {
        var hash = new XxHash128();
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            hash.Append(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            using var stream = File.OpenRead(file);
            int n;
            while ((n = stream.Read(buffer)) > 0) hash.Append(buffer.AsSpan(0, n));
        }
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>Frees the model.</summary>
    public void Dispose() => _model.Dispose();
}
