using System.Text.Json;

namespace YuLanData.Inference.Model;

/// <summary>
/// The parts of a Hugging Face Llama <c>config.json</c> that the forward pass uses (YuLan-Mini releases its
/// weights in this format). Options this implementation does not support are refused when the file is read.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>Width of the residual stream (<c>hidden_size</c>).</summary>
    public required int HiddenSize { get; init; }
    /// <summary>Width of the SwiGLU feed-forward layer (<c>intermediate_size</c>).</summary>
    public required int IntermediateSize { get; init; }
    /// <summary>Number of decoder layers (<c>num_hidden_layers</c>).</summary>
    public required int NumLayers { get; init; }
    /// <summary>Number of query heads (<c>num_attention_heads</c>).</summary>
    public required int NumHeads { get; init; }
    /// <summary>Number of key/value heads (<c>num_key_value_heads</c>; GQA when fewer than query heads).</summary>
    public required int NumKeyValueHeads { get; init; }
    /// <summary>Width of one head (<c>head_dim</c>, default hidden_size / num_attention_heads).</summary>
    public required int HeadDim { get; init; }
    /// <summary>RoPE base (<c>rope_theta</c>, or <c>rope_parameters.rope_theta</c> in transformers 5 files).</summary>
    public required double RopeTheta { get; init; }
    /// <summary>RMSNorm epsilon (<c>rms_norm_eps</c>).</summary>
    public required double RmsNormEps { get; init; }
    /// <summary>Whether q, k, v and o projections carry biases (<c>attention_bias</c>).</summary>
    public required bool AttentionBias { get; init; }
    /// <summary>Whether the o projection carries a bias when it differs from <see cref="AttentionBias"/> (qwen2: q/k/v biases, no o bias); null means as <see cref="AttentionBias"/>.</summary>
    public bool? OutputProjectionBias { get; init; }
    /// <summary>Whether the o projection carries a bias.</summary>
    public bool HasOutputProjectionBias => OutputProjectionBias ?? AttentionBias;
    /// <summary>The <c>model_type</c> the file named (<c>llama</c>, <c>qwen2</c>, <c>yulanmini</c> or <c>miniyulan</c>).</summary>
    public string ModelType { get; init; } = "llama";
    /// <summary>YuLan-Mini's muP and WeSaR scales (folded into the weights at load); null for Llama and Qwen2.</summary>
    public YuLanMiniScales? MupScales { get; init; }
    /// <summary>Whether gate, up and down projections carry biases (<c>mlp_bias</c>).</summary>
    public required bool MlpBias { get; init; }
    /// <summary>Whether the output head shares the embedding matrix (<c>tie_word_embeddings</c>).</summary>
    public required bool TieWordEmbeddings { get; init; }
    /// <summary>Vocabulary size (<c>vocab_size</c>).</summary>
    public required int VocabSize { get; init; }
    /// <summary>Longest position the model was trained for (<c>max_position_embeddings</c>).</summary>
    public required int MaxPositionEmbeddings { get; init; }
    /// <summary>Beginning-of-sequence id, if any.</summary>
    public int? BosTokenId { get; init; }
    /// <summary>End-of-sequence ids (the file may give one id or a list).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    /// <summary>Padding id, if any.</summary>
    public int? PadTokenId { get; init; }

    /// <summary>Query heads per key/value head.</summary>
    public int GroupSize => NumHeads / NumKeyValueHeads;

    /// <summary>The YuLan-Mini shape (2.4B parameters) with the given vocabulary; used by benchmarks.</summary>
    public static LlamaConfig YuLanMini => new()
    {
        HiddenSize = 1920, IntermediateSize = 4800, NumLayers = 56, NumHeads = 30, NumKeyValueHeads = 6, HeadDim = 64,
        RopeTheta = 490000, RmsNormEps = 1e-6, AttentionBias = true, MlpBias = false, TieWordEmbeddings = false,
        VocabSize = 99000, MaxPositionEmbeddings = 4096, BosTokenId = 1, EosTokenIds = [2], PadTokenId = 0,
    };

    /// <summary>Reads and checks <c>config.json</c> (and the EOS ids of <c>generation_config.json</c> beside it, when present).</summary>
    /// <param name="path">The config.json file, or the model folder holding it.</param>
    /// <exception cref="InvalidDataException">A required field is missing or malformed.</exception>
    /// <exception cref="NotSupportedException">The file asks for an option this implementation lacks.</exception>
    public static LlamaConfig Load(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, "config.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"model config not found: {path}", path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var config = Parse(doc.RootElement, path);
        var generation = Path.Combine(Path.GetDirectoryName(path) ?? ".", "generation_config.json");
        if (File.Exists(generation))
        {
            using var g = JsonDocument.Parse(File.ReadAllText(generation));
            var extra = ReadIds(g.RootElement, "eos_token_id", generation);
            if (extra.Count > 0) config = config with { EosTokenIds = config.EosTokenIds.Union(extra).ToArray() };
        }
        return config;
    }

    /// <summary>Parses a config object; <paramref name="source"/> names it in errors.</summary>
    public static LlamaConfig Parse(JsonElement root, string source)
    {
        var modelType = OptionalString(root, "model_type") ?? "llama";
        if (modelType is not ("llama" or "qwen2" or YuLanMiniScales.ModelType or YuLanMiniScales.LegacyModelType))
            throw new NotSupportedException($"{source}: model_type '{modelType}' is not supported (only 'llama', 'qwen2', 'yulanmini', 'miniyulan')");
        var qwen2 = modelType == "qwen2";
        var yulanMini = modelType is YuLanMiniScales.ModelType or YuLanMiniScales.LegacyModelType;
        if (qwen2 && OptionalBool(root, "use_sliding_window") == true)
            throw new NotSupportedException($"{source}: use_sliding_window true is not supported (only full attention)");
        var act = OptionalString(root, "hidden_act") ?? "silu";
        if (act != "silu") throw new NotSupportedException($"{source}: hidden_act '{act}' is not supported (only 'silu')");
        RefuseRopeScaling(root, "rope_scaling", source);
        double? theta = OptionalDouble(root, "rope_theta");
        if (root.TryGetProperty("rope_parameters", out var rope) && rope.ValueKind == JsonValueKind.Object)
        {
            var kind = OptionalString(rope, "rope_type") ?? OptionalString(rope, "type") ?? "default";
            if (kind != "default")
                throw new NotSupportedException($"{source}: rope_parameters.rope_type '{kind}' is not supported (only 'default')");
            theta ??= OptionalDouble(rope, "rope_theta");
        }
        foreach (var key in new[] { "scale_emb", "scale_depth", "dim_model_base" })
            if (!yulanMini && root.TryGetProperty(key, out _))
                throw new NotSupportedException($"{source}: '{key}' (muP scaling) is not supported; use the Llama-format release whose scales are folded into the weights");
        var tp = OptionalInt(root, "pretraining_tp") ?? 1;
        if (tp < 1) throw new InvalidDataException($"{source}: pretraining_tp must be >= 1, got {tp}");

        var hidden = RequiredInt(root, "hidden_size", source);
        var heads = RequiredInt(root, "num_attention_heads", source);
        var config = new LlamaConfig
        {
            HiddenSize = hidden,
            IntermediateSize = RequiredInt(root, "intermediate_size", source),
            NumLayers = RequiredInt(root, "num_hidden_layers", source),
            NumHeads = heads,
            NumKeyValueHeads = OptionalInt(root, "num_key_value_heads") ?? heads,
            HeadDim = OptionalInt(root, "head_dim") ?? (heads > 0 ? hidden / heads : 0),
            RopeTheta = theta ?? 10000.0,
            RmsNormEps = OptionalDouble(root, "rms_norm_eps") ?? 1e-6,
            // Qwen2 has no attention_bias key: its q/k/v projections always carry biases, its o projection never.
            AttentionBias = qwen2 || (OptionalBool(root, "attention_bias") ?? false),
            OutputProjectionBias = qwen2 || yulanMini ? false : null,
            ModelType = modelType,
            MlpBias = OptionalBool(root, "mlp_bias") ?? false,
            TieWordEmbeddings = OptionalBool(root, "tie_word_embeddings") ?? false,
            VocabSize = RequiredInt(root, "vocab_size", source),
            MaxPositionEmbeddings = OptionalInt(root, "max_position_embeddings") ?? 2048,
            BosTokenId = OptionalInt(root, "bos_token_id"),
            EosTokenIds = ReadIds(root, "eos_token_id", source),
            PadTokenId = OptionalInt(root, "pad_token_id"),
        };
        if (yulanMini) config = config with { MupScales = YuLanMiniScales.Parse(root, config, source) };
        config.Validate(source);
        return config;
    }

    /// <summary>Checks that the sizes are positive and consistent.</summary>
    /// <param name="source">Names the configuration in errors.</param>
    public void Validate(string source = "config")
    {
        void Positive(int value, string name)
        {
            if (value <= 0) throw new InvalidDataException($"{source}: {name} must be positive, got {value}");
        }
        Positive(HiddenSize, "hidden_size"); Positive(IntermediateSize, "intermediate_size"); Positive(NumLayers, "num_hidden_layers");
        Positive(NumHeads, "num_attention_heads"); Positive(NumKeyValueHeads, "num_key_value_heads"); Positive(HeadDim, "head_dim");
        Positive(VocabSize, "vocab_size"); Positive(MaxPositionEmbeddings, "max_position_embeddings");
        if (NumHeads % NumKeyValueHeads != 0)
            throw new InvalidDataException($"{source}: num_attention_heads {NumHeads} is not a multiple of num_key_value_heads {NumKeyValueHeads}");
        if (HeadDim % 2 != 0) throw new InvalidDataException($"{source}: head_dim {HeadDim} must be even for RoPE");
        if (RopeTheta <= 0) throw new InvalidDataException($"{source}: rope_theta must be positive, got {RopeTheta}");
    }

    private static void RefuseRopeScaling(JsonElement root, string key, string source)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return;
        var kind = value.ValueKind == JsonValueKind.Object ? OptionalString(value, "rope_type") ?? OptionalString(value, "type") : value.ToString();
        if (kind is "default") return;
        throw new NotSupportedException($"{source}: {key} '{kind ?? value.ToString()}' is not supported (only unscaled RoPE)");
    }

    private static IReadOnlyList<int> ReadIds(JsonElement root, string key, string source)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind == JsonValueKind.Number) return [value.GetInt32()];
        if (value.ValueKind == JsonValueKind.Array) return value.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        throw new InvalidDataException($"{source}: {key} must be an integer or a list of integers");
    }

    private static int RequiredInt(JsonElement root, string key, string source) =>
        OptionalInt(root, key) ?? throw new InvalidDataException($"{source}: required field '{key}' is missing");

    private static int? OptionalInt(JsonElement root, string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static double? OptionalDouble(JsonElement root, string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static bool? OptionalBool(JsonElement root, string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static string? OptionalString(JsonElement root, string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
