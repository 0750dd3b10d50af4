using System.Text.Json.Nodes;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Tests.Model;

namespace YuLanData.Inference.Tests.Generation;

/// <summary><c>generate</c> end to end on the tiny Llama: JSONL in, JSONL out.</summary>
public sealed class GenerateToolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("generate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A word-level toy tokenizer over the tiny vocabulary: "t298" <-> 298.
    private static readonly TokenizerFunctions Words = new(
        text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w[1..])).ToArray(),
        ids => string.Join(" ", ids.Select(i => $"t{i}")));

    [Fact]
    public void WritesOneResultPerPromptInOrder()
    {
        var cases = TinyLlamaFixture.Load();
        var prompts = Path.Combine(_dir, "prompts.jsonl");
        File.WriteAllLines(prompts, [
            .. cases.Select((c, i) => new JsonObject { ["id"] = $"case{i}", ["prompt_ids"] = new JsonArray(c.Prompt.Select(t => (JsonNode)t).ToArray()) }.ToJsonString()),
            "",
            """{"id": "text", "prompt": "t1", "max_new_tokens": 10, "stop": ["t53"]}""",
            """{"id": "bad", "prompt_ids": [1, 999]}""",
        ]);
        var output = Path.Combine(_dir, "out", "results.jsonl");
        var log = new StringWriter();
        var options = new GenerateToolOptions
        {
            ModelDir = TinyLlamaFixture.ModelDir("tiny-llama-sharded"), PromptsPath = prompts, OutputPath = output,
            Greedy = true, MaxNewTokens = 24, Device = "cpu", Tokenizer = "words",
        };
        var code = GenerateTool.Run(options, log, Words);
        Assert.Equal(1, code); // one request failed
        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(cases.Count + 2, lines.Length);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal($"case{i}", lines[i]["id"]!.GetValue<string>());
            var ids = lines[i]["completion_ids"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
            var n = cases[i].ComparableSteps; // up to the first top-2 margin below 1e-3 in transformers
            Assert.Equal(cases[i].Greedy.Take(n), ids.Take(n));
            Assert.Equal(24, lines[i]["completion_tokens"]!.GetValue<int>());
            Assert.Equal(cases[i].Prompt.Length, lines[i]["prompt_tokens"]!.GetValue<int>());
            Assert.Equal("length", lines[i]["finish_reason"]!.GetValue<string>());
        }
        var text = lines[cases.Count];
        Assert.Equal("stop", text["finish_reason"]!.GetValue<string>());
        Assert.Equal("t298 t140 ", text["text"]!.GetValue<string>());
        var bad = lines[cases.Count + 1];
        Assert.Equal("error", bad["finish_reason"]!.GetValue<string>());
        Assert.Contains("999", bad["error"]!.GetValue<string>());
        Assert.Contains("1 failed", log.ToString());
    }

    [Fact]
    public void BadLineIsReportedWithFileAndLine()
    {
        var prompts = Path.Combine(_dir, "prompts.jsonl");
        File.WriteAllLines(prompts, ["""{"prompt_ids": [1]}""", """{"prompt": "t1"}"""]);
        var log = new StringWriter();
        var code = GenerateTool.Run(new GenerateToolOptions { ModelDir = TinyLlamaFixture.ModelDir("tiny-llama"), PromptsPath = prompts, OutputPath = Path.Combine(_dir, "o.jsonl") }, log);
        Assert.Equal(2, code);
        Assert.Contains($"{prompts}:2", log.ToString());
        Assert.Contains("tokenizer", log.ToString());
        File.WriteAllLines(prompts, ["""{"prompt_ids": [1]}"""]);
        Assert.Equal(2, GenerateTool.Run(new GenerateToolOptions { ModelDir = Path.Combine(_dir, "nowhere"), PromptsPath = prompts, OutputPath = Path.Combine(_dir, "o.jsonl") }, log));
        Assert.Contains("config not found", log.ToString());
    }
}
