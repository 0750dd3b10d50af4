using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Tests.Model;

/// <summary>Bad checkpoints and configs fail with messages that name the tensor, file and shapes.</summary>
public sealed class CheckpointErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llama-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private JsonObject TinyConfig() => JsonNode.Parse(File.ReadAllText(Path.Combine(TinyLlamaFixture.ModelDir("tiny-llama"), "config.json")))!.AsObject();

    private void WriteConfig(JsonObject config) => File.WriteAllText(Path.Combine(_dir, "config.json"), config.ToJsonString());

    [Fact]
    public void ReadsTinyConfig()
    {
        var c = LlamaConfig.Load(TinyLlamaFixture.ModelDir("tiny-llama"));
        Assert.Equal((64, 160, 2, 4, 2, 16, 320), (c.HiddenSize, c.IntermediateSize, c.NumLayers, c.NumHeads, c.NumKeyValueHeads, c.HeadDim, c.VocabSize));
        Assert.Equal(490000.0, c.RopeTheta);
        Assert.True(c.AttentionBias);
        Assert.False(c.TieWordEmbeddings);
        Assert.Equal([2], c.EosTokenIds);
        Assert.Equal(102, c.PadTokenId);
    }

    [Fact]
    public void MisshapenTensorNamesTensorAndBothShapes()
    {
        var config = TinyConfig();
        config["intermediate_size"] = 128;
        WriteConfig(config);
        File.Copy(Path.Combine(TinyLlamaFixture.ModelDir("tiny-llama"), "model.safetensors"), Path.Combine(_dir, "model.safetensors"));
        var e = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(_dir, "cpu"));
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", e.Message);
        Assert.Contains("[160, 64]", e.Message);
        Assert.Contains("[128, 64]", e.Message);
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        var config = TinyConfig();
        config["mlp_bias"] = true;
        WriteConfig(config);
        File.Copy(Path.Combine(TinyLlamaFixture.ModelDir("tiny-llama"), "model.safetensors"), Path.Combine(_dir, "model.safetensors"));
        var e = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(_dir, "cpu"));
        Assert.Contains("model.layers.0.mlp.gate_proj.bias", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Theory]
    [InlineData("rope_scaling", "{\"rope_type\":\"yarn\",\"factor\":4.0}", "yarn")]
    [InlineData("hidden_act", "\"gelu\"", "gelu")]
    [InlineData("scale_emb", "10", "scale_emb")]
    public void UnsupportedOptionsAreRefused(string key, string json, string expected)
    {
        var config = TinyConfig();
        config[key] = JsonNode.Parse(json);
        WriteConfig(config);
        var e = Assert.Throws<NotSupportedException>(() => LlamaConfig.Load(_dir));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TiedEmbeddingsUseTheEmbeddingAsHead()
    {
        // Tied checkpoint without lm_head vs the same weights saved untied with lm_head = embedding: same logits.
        var source = SafetensorsFile.Open(Path.Combine(TinyLlamaFixture.ModelDir("tiny-llama"), "model.safetensors"));
        var tensors = source.Entries.Values.Where(e => e.Name != "lm_head.weight").Select(e => (e.Name, source.Read(e))).ToList();
        var tied = TinyConfig();
        tied["tie_word_embeddings"] = true;
        WriteConfig(tied);
        SafetensorsTestWriter.Write(Path.Combine(_dir, "model.safetensors"), tensors);
        var untiedDir = Directory.CreateDirectory(Path.Combine(_dir, "untied")).FullName;
        File.WriteAllText(Path.Combine(untiedDir, "config.json"), TinyConfig().ToJsonString());
        var embedding = tensors.Single(t => t.Name == "model.embed_tokens.weight").Item2;
        SafetensorsTestWriter.Write(Path.Combine(untiedDir, "model.safetensors"), [.. tensors, ("lm_head.weight", embedding)]);
        using var a = LlamaModel.Load(_dir, "cpu");
        using var b = LlamaModel.Load(untiedDir, "cpu");
        int[] prompt = [1, 40, 41, 300];
        using var la = a.Logits(prompt);
        using var lb = b.Logits(prompt);
        Assert.True(la.allclose(lb, rtol: 0, atol: 1e-6));
        using var reference = LlamaModel.Load(TinyLlamaFixture.ModelDir("tiny-llama"), "cpu");
        using var lr = reference.Logits(prompt);
        Assert.False(la.allclose(lr, rtol: 0, atol: 1e-3)); // the head really changed
        foreach (var (_, t) in tensors) t.Dispose();
    }

    [Fact]
    public void TruncatedSafetensorsNamesFile()
    {
        WriteConfig(TinyConfig());
        var bytes = File.ReadAllBytes(Path.Combine(TinyLlamaFixture.ModelDir("tiny-llama"), "model.safetensors"));
        var path = Path.Combine(_dir, "model.safetensors");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(_dir, "cpu"));
        Assert.Contains(path, e.Message);
        Assert.Contains("outside the file", e.Message);
    }

    [Fact]
    public void Bf16CheckpointIsConvertedOnLoad()
    {
        // Re-save the tiny model in bf16 with our own writer and check the loaded fp32 weights are the rounded ones.
        var source = SafetensorsFile.Open(Path.Combine(TinyLlamaFixture.ModelDir("tiny-llama"), "model.safetensors"));
        var tensors = source.Entries.Values.Select(e =>
        {
            using var t = source.Read(e);
            return (e.Name, t.to(ScalarType.BFloat16));
        }).ToArray();
        SafetensorsTestWriter.Write(Path.Combine(_dir, "model.safetensors"), tensors);
        foreach (var (_, t) in tensors) t.Dispose();
        WriteConfig(TinyConfig());
        using var reference = LlamaModel.Load(TinyLlamaFixture.ModelDir("tiny-llama"), "cpu");
        using var rounded = LlamaModel.Load(_dir, "cpu");
        int[] prompt = [5, 17, 99, 250];
        using var a = reference.Logits(prompt);
        using var b2 = rounded.Logits(prompt);
        var diff = (a - b2).abs().max().item<float>();
        Assert.InRange(diff, 1e-6f, 0.1f); // bf16 rounding changes logits a little, not wildly
    }
}
