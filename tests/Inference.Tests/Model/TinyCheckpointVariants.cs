using System.Text.Json.Nodes;
using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Tests.Model;

/// <summary>Writes variants of the tiny Llama fixture (other config.json, edited tensors) into a folder, for equivalence tests.</summary>
internal static class TinyCheckpointVariants
{
    /// <summary>The fixture's tensors by name, float32 on the CPU.</summary>
    public static Dictionary<string, Tensor> FixtureTensors()
    {
        var file = SafetensorsFile.Open(Path.Combine(TinyLlamaFixture.ModelDir("tiny-llama"), "model.safetensors"));
        return file.Entries.Values.ToDictionary(e => e.Name, e => file.Read(e));
    }

    /// <summary>The fixture's config.json as an editable object.</summary>
    public static JsonObject FixtureConfig() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TinyLlamaFixture.ModelDir("tiny-llama"), "config.json")))!.AsObject();

    /// <summary>Writes config.json and model.safetensors into <paramref name="dir"/> (created) and returns it.</summary>
    public static string Write(string dir, JsonObject config, IReadOnlyDictionary<string, Tensor> tensors)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        SafetensorsTestWriter.Write(Path.Combine(dir, "model.safetensors"), tensors.Select(kv => (kv.Key, kv.Value)));
        return dir;
    }

    /// <summary>Largest absolute difference between two models' logits at every position of every fixture prompt.</summary>
    public static double MaxLogitDifference(LlamaModel a, LlamaModel b)
    {
        double max = 0;
        foreach (var c in TinyLlamaFixture.Load())
        {
            using var la = a.Logits(c.Prompt);
            using var lb = b.Logits(c.Prompt);
            using var d = (la - lb).abs().max();
            max = Math.Max(max, d.item<float>());
        }
        return max;
    }

    /// <summary>Largest absolute difference between a model's last-position logits and transformers' (the fixture's expected file).</summary>
    public static double MaxDifferenceFromTransformers(LlamaModel model)
    {
        double max = 0;
        foreach (var c in TinyLlamaFixture.Load())
        {
            using var logits = model.Logits(c.Prompt);
            var last = logits[-1].data<float>().ToArray();
            max = Math.Max(max, last.Zip(c.LastLogits, (x, y) => (double)Math.Abs(x - y)).Max());
        }
        return max;
    }
}
