using System.Text.Json;
using YuLanData.Testing;

namespace YuLanData.Inference.Tests.Model;

/// <summary>One case of <c>../shared/fixtures/tiny-llama-expected.json</c> (transformers' outputs for the tiny Llama).</summary>
public sealed record TinyLlamaCase(int[] Prompt, float[] LastLogits, double[] LogitSums, int[] Argmax, int[] Greedy, double[] Margins)
{
    /// <summary>Number of greedy steps that must agree: up to (excluding) the first step whose top-2 margin is below 1e-3,
    /// where float32 round-off may legitimately pick the other token.</summary>
    public int ComparableSteps
    {
        get
        {
            var i = Array.FindIndex(Margins, m => m < 1e-3);
            return i < 0 ? Greedy.Length : i;
        }
    }

}

/// <summary>Paths and expected outputs of the shared tiny Llama fixture.</summary>
public static class TinyLlamaFixture
{
    public static IReadOnlyList<TinyLlamaCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.SharedFixture("tiny-llama-expected.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new TinyLlamaCase(
            c.GetProperty("prompt").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            c.GetProperty("last_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            c.GetProperty("all_logits_sum_per_position").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
            c.GetProperty("argmax_per_position").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            c.GetProperty("greedy_continuation").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            c.GetProperty("greedy_top2_margins").EnumerateArray().Select(e => e.GetDouble()).ToArray())).ToArray();
    }

    public static string ModelDir(string name) => RepoPaths.SharedFixture(name);
}
