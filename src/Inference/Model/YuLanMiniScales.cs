using System.Text.Json;
using static TorchSharp.torch;

namespace YuLanData.Inference.Model;

/// <summary>
/// The muP and WeSaR scales of a YuLan-Mini training checkpoint (<c>model_type</c> <c>yulanmini</c> or <c>miniyulan</c>).
/// Every scale multiplies the output of a linear map or a norm, so each one is folded into that map's weights when
/// the checkpoint is loaded and the Llama forward pass then computes the YuLan-Mini one:
/// embeddings times <c>scale_emb</c>; each norm times <c>ln_scale</c> and its WeSaR alpha; q, k, v and o outputs
/// times their alphas; attention scores scaled by sqrt(<c>dim_model_base_attn</c>) / head_dim instead of
/// 1 / sqrt(head_dim) (folded into q); the MLP input times <c>gate_up_proj_alpha</c> (folded into gate and up), its
/// output times <c>down_proj_alpha</c>; both residual branches times the shrink factor (<c>scale_depth</c> /
/// sqrt(layers) when <c>scale_depth</c> is given, else <c>hidden_states_shrink</c> when in [0, 1)); the final hidden
/// state divided by hidden_size / <c>dim_model_base_logits</c> and times <c>lm_head_alpha</c> (folded into the head).
/// Alphas are read from the checkpoint's <c>*_alpha</c> tensors when present, else from config.json. The released code's
/// o projection has no bias; one stored in the checkpoint anyway is used and scaled as the o output.
/// </summary>
public sealed record YuLanMiniScales
{
    /// <summary>The model_type of the released YuLan-Mini modeling code.</summary>
    public const string ModelType = "yulanmini";
    /// <summary>The model_type of earlier YuLan-Mini checkpoints.</summary>
    public const string LegacyModelType = "miniyulan";

    /// <summary>Embedding multiplier (<c>scale_emb</c>).</summary>
    public double ScaleEmbedding { get; init; } = 1;
    /// <summary>Residual-branch multiplier (scale_depth / sqrt(layers), or hidden_states_shrink).</summary>
    public double Shrink { get; init; } = 1;
    /// <summary>Multiplier of every norm's output (<c>ln_scale</c>).</summary>
    public double NormScale { get; init; } = 1;
    /// <summary>Factor on queries that turns 1/sqrt(head_dim) into sqrt(dim_model_base_attn)/head_dim.</summary>
    public double QueryScale { get; init; } = 1;
    /// <summary>Factor on the final hidden state before the head (dim_model_base_logits / hidden_size).</summary>
    public double LogitScale { get; init; } = 1;
    /// <summary>Whether WeSaR alphas are used (<c>wesar_weights</c>).</summary>
    public bool WeSaR { get; init; } = true;
    /// <summary>Whether norm alphas are used (<c>wesar_weights</c> and <c>use_norm_alpha</c>).</summary>
    public bool NormAlphas { get; init; } = true;
    /// <summary>Alpha values given in config.json, by name (e.g. <c>q_proj_alpha</c>); the checkpoint's tensors take precedence.</summary>
    public IReadOnlyDictionary<string, double> ConfigAlphas { get; init; } = new Dictionary<string, double>();

    private static readonly string[] AlphaNames =
    [
        "q_proj_alpha", "k_proj_alpha", "v_proj_alpha", "o_proj_alpha", "gate_up_proj_alpha", "down_proj_alpha",
        "input_layernorm_alpha", "post_attention_layernorm_alpha", "norm_alpha", "lm_head_alpha",
    ];

    /// <summary>Reads the scales from a YuLan-Mini config object.</summary>
    /// <param name="root">The config.json object.</param>
    /// <param name="config">The Llama-shaped part already read from it.</param>
    /// <param name="source">Names the file in errors.</param>
    public static YuLanMiniScales Parse(JsonElement root, LlamaConfig config, string source)
    {
        double? Number(string key) =>
            root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        bool Flag(string key, bool fallback) =>
            root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;
        if (Flag("qk_layernorm", false))
            throw new NotSupportedException($"{source}: qk_layernorm is not supported");
        if (config.MlpBias) throw new NotSupportedException($"{source}: mlp_bias is not supported for {ModelType}");

        double? fromShrink = null;
        if (root.TryGetProperty("hidden_states_shrink", out var s))
        {
            if (s.ValueKind == JsonValueKind.String && s.GetString() == "muparam") fromShrink = 1 / Math.Sqrt(config.NumLayers);
            else if (s.ValueKind == JsonValueKind.Number) fromShrink = s.GetDouble() is var v && v >= 0 && v < 1 ? v : 1;
            else throw new InvalidDataException($"{source}: hidden_states_shrink must be a number or \"muparam\"");
        }
        double? fromDepth = Number("scale_depth") is { } depth ? depth / Math.Sqrt(config.NumLayers) : null;
        // Both given and different: which one the checkpoint was trained with cannot be told, so none is guessed.
        if (fromDepth is { } a && fromShrink is { } b && b != 1 && Math.Abs(a - b) > 1e-6 * Math.Max(a, b))
            throw new InvalidDataException($"{source}: scale_depth / sqrt(num_hidden_layers) = {a} disagrees with hidden_states_shrink = {b}");
        var shrink = fromDepth ?? fromShrink ?? 1;
        var attnBase = Number("dim_model_base_attn") ?? config.HeadDim;
        var logitBase = Number("dim_model_base_logits") ?? config.HiddenSize;
        var scales = new YuLanMiniScales
        {
            ScaleEmbedding = Number("scale_emb") ?? 1,
            Shrink = shrink,
            NormScale = Number("ln_scale") ?? 1,
            QueryScale = Math.Sqrt(attnBase / config.HeadDim),
            LogitScale = logitBase / config.HiddenSize,
            WeSaR = Flag("wesar_weights", true),
            NormAlphas = Flag("wesar_weights", true) && Flag("use_norm_alpha", true),
            ConfigAlphas = AlphaNames.Where(n => Number(n) is not null).ToDictionary(n => n, n => Number(n)!.Value),
        };
        foreach (var (name, value) in new[] { ("scale_emb", scales.ScaleEmbedding), ("shrink", scales.Shrink), ("ln_scale", scales.NormScale), ("dim_model_base_attn", attnBase), ("dim_model_base_logits", logitBase) })
            if (!double.IsFinite(value) || value <= 0) throw new InvalidDataException($"{source}: {name} must be a positive number, got {value}");
        return scales;
    }

    /// <summary>
    /// Wraps a checkpoint's tensor loader so that each weight comes back with its scales folded in (see the type's summary).
    /// With tied embeddings, <c>lm_head.weight</c> is served from the unscaled embedding matrix with the head's own scales.
    /// </summary>
    /// <param name="config">The model's configuration (its <see cref="LlamaConfig.MupScales"/> is this object).</param>
    /// <param name="load">Loads a stored tensor by name and expected shape.</param>
    /// <param name="contains">Whether the checkpoint holds a tensor.</param>
    /// <param name="scalar">Reads a stored scalar tensor (an alpha) as a number.</param>
    public (Func<string, long[], Tensor> Load, Func<string, bool> Contains) Fold(
        LlamaConfig config, Func<string, long[], Tensor> load, Func<string, bool> contains, Func<string, double> scalar)
    {
        double Alpha(string tensorName, string configName, bool used)
        {
            if (!used) return 1;
            if (contains(tensorName)) return scalar(tensorName);
            return ConfigAlphas.TryGetValue(configName, out var v) ? v : 1;
        }

        double Factor(string name)
        {
            if (name == "model.embed_tokens.weight") return ScaleEmbedding;
            if (name == "model.norm.weight") return NormScale * Alpha("model.norm_alpha", "norm_alpha", NormAlphas);
            if (name == "lm_head.weight") return LogitScale * Alpha("lm_head_alpha", "lm_head_alpha", WeSaR);
            var dot = name.IndexOf('.', "model.layers.".Length);
            var p = name[..(dot + 1)]; // model.layers.N.
            var rest = name[(dot + 1)..];
            var module = rest[..rest.LastIndexOf('.')]; // e.g. self_attn.q_proj
            return module switch
            {
                "input_layernorm" => NormScale * Alpha(p + "input_layernorm_alpha", "input_layernorm_alpha", NormAlphas),
                "post_attention_layernorm" => NormScale * Alpha(p + "post_attention_layernorm_alpha", "post_attention_layernorm_alpha", NormAlphas),
                "self_attn.q_proj" => QueryScale * Alpha(p + "self_attn.q_proj_alpha", "q_proj_alpha", WeSaR),
                "self_attn.k_proj" => Alpha(p + "self_attn.k_proj_alpha", "k_proj_alpha", WeSaR),
                "self_attn.v_proj" => Alpha(p + "self_attn.v_proj_alpha", "v_proj_alpha", WeSaR),
                "self_attn.o_proj" => Shrink * Alpha(p + "self_attn.o_proj_alpha", "o_proj_alpha", WeSaR),
                "mlp.gate_proj" or "mlp.up_proj" => Alpha(p + "gate_up_proj_alpha", "gate_up_proj_alpha", WeSaR),
                "mlp.down_proj" => Shrink * Alpha(p + "down_proj_alpha", "down_proj_alpha", WeSaR),
                _ => throw new InvalidDataException($"{ModelType}: no scale rule for tensor '{name}'"),
            };
        }

        var tiedHead = config.TieWordEmbeddings && !contains("lm_head.weight");
        Tensor Scaled(string name, long[] shape)
        {
            var stored = tiedHead && name == "lm_head.weight" ? load("model.embed_tokens.weight", shape) : load(name, shape);
            var factor = Factor(name);
            return factor == 1 ? stored : stored.mul_(factor);
        }
        bool Contains(string name) => (tiedHead && name == "lm_head.weight") || contains(name);
        return (Scaled, Contains);
    }
}
