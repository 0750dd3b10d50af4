using System.Text.Json.Nodes;
using Xunit.Abstractions;
using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Tests.Model;

/// <summary>
/// Qwen2 checkpoints built from the tiny Llama fixture's weights. Qwen2 has q/k/v biases and no o bias; the fixture
/// has all four, so the expected model is derived by hand: attention weights of a row sum to 1, so a value bias b_v
/// adds exactly repeat_kv(b_v) to every attention output and therefore W_o repeat_kv(b_v) to the o projection's output.
/// A Llama with that vector as its o bias and a zero value bias must give the Qwen2 model's logits at every position.
/// </summary>
public sealed class Qwen2EquivalenceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qwen2-").FullName;
    private const int Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 16;

    private static JsonObject Qwen2Config()
    {
        var config = TinyCheckpointVariants.FixtureConfig();
        config["model_type"] = "qwen2";
        config["architectures"] = new JsonArray("Qwen2ForCausalLM");
        config.Remove("attention_bias"); // Qwen2's config has no such key: q/k/v biases are always there
        config.Remove("mlp_bias");
        config["use_sliding_window"] = false;
        config["sliding_window"] = 32;
        config["max_window_layers"] = 1;
        return config;
    }

    private (string Qwen2, string Llama) WritePair(bool tied)
    {
        var w = TinyCheckpointVariants.FixtureTensors();
        var qwen = w.Where(kv => !kv.Key.EndsWith("o_proj.bias")).ToDictionary();
        var llama = new Dictionary<string, Tensor>(w);
        for (var i = 0; i < Layers; i++)
        {
            var p = $"model.layers.{i}.self_attn.";
            // transformers' repeat_kv: query head h reads kv head h / (heads / kv_heads).
            var repeated = w[p + "v_proj.bias"].view(KvHeads, 1, HeadDim).expand(KvHeads, Heads / KvHeads, HeadDim).reshape(Heads * HeadDim);
            llama[p + "o_proj.bias"] = matmul(w[p + "o_proj.weight"], repeated);
            llama[p + "v_proj.bias"] = zeros_like(w[p + "v_proj.bias"]);
        }
        var qwenConfig = Qwen2Config();
        var llamaConfig = TinyCheckpointVariants.FixtureConfig();
        if (tied)
        {
            qwen.Remove("lm_head.weight");
            qwenConfig["tie_word_embeddings"] = true;
            llama["lm_head.weight"] = w["model.embed_tokens.weight"];
        }
        return (TinyCheckpointVariants.Write(Path.Combine(_dir, $"qwen2-{tied}"), qwenConfig, qwen),
            TinyCheckpointVariants.Write(Path.Combine(_dir, $"llama-{tied}"), llamaConfig, llama));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Qwen2EqualsLlamaWithValueBiasFoldedIntoOutputBias(bool tied)
    {
        var (qwenDir, llamaDir) = WritePair(tied);
        using var qwen = LlamaModel.Load(qwenDir, "cpu");
        using var llama = LlamaModel.Load(llamaDir, "cpu");
        Assert.Equal("qwen2", qwen.Config.ModelType);
        Assert.True(qwen.Config.AttentionBias);
        Assert.False(qwen.Config.HasOutputProjectionBias);
        var diff = TinyCheckpointVariants.MaxLogitDifference(qwen, llama);
        output.WriteLine($"tied {tied}: max |qwen2 - derived llama| over all positions {diff:E2}");
        Assert.True(diff <= 1e-4, $"qwen2 logits differ from the derived Llama's by {diff}");
        // The value bias matters: without it (the o bias the derivation adds dropped too) the logits move.
        using var fixture = LlamaModel.Load(TinyLlamaFixture.ModelDir("tiny-llama"), "cpu");
        Assert.True(TinyCheckpointVariants.MaxLogitDifference(qwen, fixture) > 1e-3);
    }

    [Fact]
    public void ActiveSlidingWindowIsRefused()
    {
        var config = Qwen2Config();
        config["use_sliding_window"] = true;
        Directory.CreateDirectory(Path.Combine(_dir, "sw"));
        File.WriteAllText(Path.Combine(_dir, "sw", "config.json"), config.ToJsonString());
        var e = Assert.Throws<NotSupportedException>(() => LlamaConfig.Load(Path.Combine(_dir, "sw")));
        Assert.Contains("use_sliding_window", e.Message);
    }

    [Fact]
    public void UnknownModelTypeIsRefusedNamingTheSupportedOnes()
    {
        var config = Qwen2Config();
        config["model_type"] = "qwen3";
        Directory.CreateDirectory(Path.Combine(_dir, "q3"));
        File.WriteAllText(Path.Combine(_dir, "q3", "config.json"), config.ToJsonString());
        var e = Assert.Throws<NotSupportedException>(() => LlamaConfig.Load(Path.Combine(_dir, "q3")));
        Assert.Contains("qwen3", e.Message);
        Assert.Contains("qwen2", e.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
