using System.Text.Json.Nodes;
using Xunit.Abstractions;
using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Tests.Model;

/// <summary>
/// A YuLan-Mini (muP + WeSaR) checkpoint made by un-folding scales out of the tiny Llama fixture: every stored weight
/// is the Llama weight divided by the scale that YuLan-Mini's forward pass multiplies its output by, so the YuLan-Mini
/// forward pass over it must give transformers' Llama logits for the fixture.
/// </summary>
public sealed class YuLanMiniEquivalenceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("yulanmini-").FullName;

    // Chosen far from 1 so that any scale applied wrongly, twice or not at all moves the logits well past tolerance.
    private const double ScaleEmb = 12, ScaleDepth = 1.4, LnScale = 1.5, AttnBase = 4, LogitsBase = 16;
    private const int Layers = 2, HeadDim = 16, Hidden = 64;

    private static readonly Dictionary<string, double> Alphas = new()
    {
        ["q_proj_alpha"] = 0.7, ["k_proj_alpha"] = 1.3, ["v_proj_alpha"] = 0.9, ["o_proj_alpha"] = 1.1,
        ["gate_up_proj_alpha"] = 0.8, ["down_proj_alpha"] = 1.25, ["input_layernorm_alpha"] = 1.6,
        ["post_attention_layernorm_alpha"] = 0.6, ["norm_alpha"] = 2.0, ["lm_head_alpha"] = 0.5,
    };

    /// <summary>
    /// Un-folds the scales: YuLan-Mini computes embed(ids) * scale_emb; norm(x) * ln_scale * alpha; q = q_proj(h) * alpha_q
    /// with scores q.k * sqrt(attn_base) / head_dim (Llama: / sqrt(head_dim)); o_proj(a) * alpha_o * shrink;
    /// down(silu(gate(h * a_gu)) * up(h * a_gu)) * alpha_down * shrink; lm_head(norm * (logits_base / hidden) * alpha_head).
    /// </summary>
    /// <param name="alphasAsTensors">Store alphas as checkpoint tensors (q/k/v/o as shape [1], the others 0-d, as the training code does) or in config.json.</param>
    private string WriteUnfolded(string name, bool alphasAsTensors, bool dropScaleEmbFromConfig = false)
    {
        var shrink = ScaleDepth / Math.Sqrt(Layers);
        var queryFold = Math.Sqrt(AttnBase) / HeadDim * Math.Sqrt(HeadDim);
        var w = TinyCheckpointVariants.FixtureTensors();
        var stored = new Dictionary<string, Tensor>();
        void Put(string key, double factor) => stored[key] = w[key] / factor;
        Put("model.embed_tokens.weight", ScaleEmb);
        Put("model.norm.weight", LnScale * Alphas["norm_alpha"]);
        Put("lm_head.weight", LogitsBase / Hidden * Alphas["lm_head_alpha"]);
        for (var i = 0; i < Layers; i++)
        {
            var p = $"model.layers.{i}.";
            Put(p + "input_layernorm.weight", LnScale * Alphas["input_layernorm_alpha"]);
            Put(p + "post_attention_layernorm.weight", LnScale * Alphas["post_attention_layernorm_alpha"]);
            foreach (var part in new[] { "weight", "bias" })
            {
                Put(p + "self_attn.q_proj." + part, Alphas["q_proj_alpha"] * queryFold);
                Put(p + "self_attn.k_proj." + part, Alphas["k_proj_alpha"]);
                Put(p + "self_attn.v_proj." + part, Alphas["v_proj_alpha"]);
                Put(p + "self_attn.o_proj." + part, Alphas["o_proj_alpha"] * shrink);
            }
            Put(p + "mlp.gate_proj.weight", Alphas["gate_up_proj_alpha"]);
            Put(p + "mlp.up_proj.weight", Alphas["gate_up_proj_alpha"]);
            Put(p + "mlp.down_proj.weight", Alphas["down_proj_alpha"] * shrink);
            if (alphasAsTensors)
            {
                foreach (var a in new[] { "q_proj_alpha", "k_proj_alpha", "v_proj_alpha", "o_proj_alpha" })
                    stored[p + "self_attn." + a] = tensor(new[] { (float)Alphas[a] });
                foreach (var a in new[] { "gate_up_proj_alpha", "down_proj_alpha", "input_layernorm_alpha", "post_attention_layernorm_alpha" })
                    stored[p + a] = tensor((float)Alphas[a]);
            }
        }
        var config = TinyCheckpointVariants.FixtureConfig();
        config["model_type"] = "yulanmini";
        config["architectures"] = new JsonArray("YuLanMiniForCausalLM");
        config["attention_bias"] = true;
        if (!dropScaleEmbFromConfig) config["scale_emb"] = ScaleEmb;
        config["scale_depth"] = ScaleDepth;
        config["ln_scale"] = LnScale;
        config["dim_model_base"] = Hidden;
        config["dim_model_base_attn"] = AttnBase;
        config["dim_model_base_logits"] = LogitsBase;
        config["wesar_weights"] = true;
        config["use_norm_alpha"] = true;
        if (alphasAsTensors)
        {
            stored["model.norm_alpha"] = tensor((float)Alphas["norm_alpha"]);
            stored["lm_head_alpha"] = tensor((float)Alphas["lm_head_alpha"]);
            // Config values that the stored tensors must override.
            foreach (var a in Alphas.Keys) config[a] = 3.0;
        }
        else
        {
            foreach (var (a, v) in Alphas) config[a] = v;
        }
        return TinyCheckpointVariants.Write(Path.Combine(_dir, name), config, stored);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UnfoldedCheckpointGivesTheFixtureLogits(bool alphasAsTensors)
    {
        using var model = LlamaModel.Load(WriteUnfolded("m", alphasAsTensors), "cpu");
        Assert.Equal("yulanmini", model.Config.ModelType);
        var diff = TinyCheckpointVariants.MaxDifferenceFromTransformers(model);
        output.WriteLine($"alphas as tensors {alphasAsTensors}: max |logit - transformers Llama| {diff:E2}");
        Assert.True(diff <= 1e-4, $"yulanmini logits differ from the fixture's by {diff}");
    }

    [Fact]
    public void LegacyModelTypeIsReadTheSameWay()
    {
        var dir = WriteUnfolded("legacy", alphasAsTensors: true);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
        config["model_type"] = "miniyulan";
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        using var model = LlamaModel.Load(dir, "cpu");
        Assert.True(TinyCheckpointVariants.MaxDifferenceFromTransformers(model) <= 1e-4);
    }

    [Fact]
    public void AMissingScaleChangesTheLogits()
    {
        // The same un-folded weights without scale_emb in config.json: the loader must not guess it, so logits move.
        using var model = LlamaModel.Load(WriteUnfolded("noscale", alphasAsTensors: true, dropScaleEmbFromConfig: true), "cpu");
        var diff = TinyCheckpointVariants.MaxDifferenceFromTransformers(model);
        Assert.True(diff > 1e-2, $"dropping scale_emb moved the logits by only {diff}");
    }

    [Fact]
    public void ShrinkFromHiddenStatesShrinkWhenNoScaleDepth()
    {
        var dir = WriteUnfolded("shrink", alphasAsTensors: true);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
        config.Remove("scale_depth");
        config["hidden_states_shrink"] = ScaleDepth / Math.Sqrt(Layers);
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        using var model = LlamaModel.Load(dir, "cpu");
        Assert.True(TinyCheckpointVariants.MaxDifferenceFromTransformers(model) <= 1e-4);
    }

    [Fact]
    public void DisagreeingScaleDepthAndHiddenStatesShrinkAreRefused()
    {
        var dir = WriteUnfolded("disagree", alphasAsTensors: true);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
        config["hidden_states_shrink"] = 0.5;
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => LlamaConfig.Load(dir));
        Assert.Contains("hidden_states_shrink", e.Message);
        config["hidden_states_shrink"] = ScaleDepth / Math.Sqrt(Layers);
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        using var model = LlamaModel.Load(dir, "cpu");
        Assert.True(TinyCheckpointVariants.MaxDifferenceFromTransformers(model) <= 1e-4);
    }

    [Fact]
    public void QkLayerNormIsRefused()
    {
        var dir = WriteUnfolded("qkln", alphasAsTensors: true);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
        config["qk_layernorm"] = true;
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        var e = Assert.Throws<NotSupportedException>(() => LlamaConfig.Load(dir));
        Assert.Contains("qk_layernorm", e.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
