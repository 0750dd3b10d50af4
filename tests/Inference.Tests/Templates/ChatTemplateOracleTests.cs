using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using YuLanData.Inference.Templates;
using YuLanData.Testing;

namespace YuLanData.Inference.Tests.Templates;

/// <summary>
/// Real chat templates (from npm-published tokenizer packages; sources recorded in each chat-templates/*.json) and a
/// feature template rendered by our renderer and by @huggingface/jinja (installed by infra/test.sh into
/// oracle/node_modules) on the same conversations: the outputs must be equal byte for byte, and where the reference
/// raises, ours must raise too.
/// </summary>
public class ChatTemplateOracleTests(ITestOutputHelper output)
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Inference.Tests", "Templates");

    public static TheoryData<string> Templates => new() { "qwen3", "llama3_1", "gemma3", "deepseek_v3", "features" };

    private static readonly ChatMessage[][] Conversations =
    [
        [new("user", "Hello, how are you?")],
        [new("system", "You are a careful math tutor."), new("user", "What is 2+2?\nShow the steps.")],
        [new("system", "Answer briefly."), new("user", "Name a prime."), new("assistant", "7"), new("user", "And an even one?")],
        [new("user", "Solve x^2 = 4."), new("assistant", "<think>\nx = 2 or x = -2\n</think>\n\nx = ±2"), new("user", "数学 — é \"quoted\" \\ back\tslash  ")],
        [new("user", "  padded  "), new("assistant", "ok"), new("user", "second"), new("assistant", "done")],
        [new("assistant", "I start."), new("user", "Odd order.")],
    ];

    [Theory]
    [MemberData(nameof(Templates))]
    public void RenderingEqualsHuggingFaceJinja(string name)
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "chat-templates", name + ".json")))!.AsObject();
        var source = spec["chat_template"]!.GetValue<string>();
        var bos = spec["bos_token"]?.GetValue<string>() ?? "";
        var eos = spec["eos_token"]?.GetValue<string>() ?? "";
        var template = new ChatTemplate(source, bos, eos);
        var cases = new List<(ChatMessage[] Messages, bool Generation, Dictionary<string, object?>? Extra)>();
        foreach (var conversation in Conversations)
        {
            cases.Add((conversation, true, null));
            cases.Add((conversation, false, null));
        }
        cases.Add((Conversations[3], true, new Dictionary<string, object?> { ["enable_thinking"] = false }));
        var tool = new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?>
            {
                ["name"] = "evaluate", ["description"] = "Evaluates \"math\" — exactly.",
                ["parameters"] = new Dictionary<string, object?> { ["expr"] = "string", ["digits"] = 12, ["exact"] = true, ["none"] = null },
            },
        };
        cases.Add((Conversations[1], true, new Dictionary<string, object?> { ["tools"] = new List<object?> { tool } }));
        var expected = Oracle(source, bos, eos, cases);
        var compared = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var (messages, generation, extra) = cases[i];
            var reference = expected[i]!.AsObject();
            if (reference["error"] is { } error)
            {
                var e = Assert.Throws<ChatTemplateException>(() => template.Render(messages, generation, extra));
                output.WriteLine($"{name} case {i}: both raise (reference: {error}; ours: {e.Message})");
                continue;
            }
            var ours = template.Render(messages, generation, extra);
            Assert.Equal(reference["text"]!.GetValue<string>(), ours);
            compared++;
        }
        output.WriteLine($"{name}: {compared} renderings equal byte for byte, {cases.Count - compared} raise in both");
        Assert.True(compared >= cases.Count / 2, $"{name}: only {compared} of {cases.Count} cases rendered");
    }

    [Fact]
    public void LoadReadsTheSharedQwenTokenizerConfig()
    {
        var template = ChatTemplate.Load(RepoPaths.SharedFixture("tokenizers", "bytelevel-bpe"));
        Assert.Equal("<|im_end|>", template.EosToken);
        var text = template.Render([new("system", "S"), new("user", "U")]);
        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n", text);
    }

    [Fact]
    public void RaiseExceptionStopsRenderingWithTheTemplatesMessage()
    {
        var template = new ChatTemplate("{% if messages[0].role != 'user' %}{{ raise_exception('first turn must be user') }}{% endif %}ok");
        var e = Assert.Throws<ChatTemplateException>(() => template.Render([new("assistant", "x")]));
        Assert.Equal("first turn must be user", e.Message);
    }

    [Fact]
    public void SyntaxErrorsNameTheTemplateLine()
    {
        var e = Assert.Throws<FormatException>(() => new ChatTemplate("line one\n{% if x %}\n{{ y + }}\n{% endif %}"));
        Assert.Contains("line 3", e.Message);
    }

    // Runs the reference renderer over every case at once.
    private static JsonArray Oracle(string template, string bos, string eos, List<(ChatMessage[] Messages, bool Generation, Dictionary<string, object?>? Extra)> cases)
    {
        var oracle = Path.Combine(Folder, "oracle");
        if (!Directory.Exists(Path.Combine(oracle, "node_modules", "@huggingface", "jinja")))
            throw new InvalidOperationException($"the reference renderer is not installed: run 'npm install' in {oracle} (infra/test.sh does)");
        var input = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
        {
            ["template"] = template,
            ["bos_token"] = bos,
            ["eos_token"] = eos,
            ["add_generation_prompt"] = c.Generation,
            ["messages"] = new JsonArray(c.Messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
            ["extra"] = c.Extra is null ? null : JsonSerializer.SerializeToNode(c.Extra),
        }).ToArray());
        var start = new ProcessStartInfo("node", [Path.Combine(oracle, "render.mjs")])
        {
            WorkingDirectory = oracle, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"reference renderer failed: {stderr.Result}");
        return JsonNode.Parse(stdout.Result)!.AsArray();
    }
}
