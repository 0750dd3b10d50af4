using System.Text.Json.Nodes;
using YuLanData.Inference.Tokenization;
using YuLanData.Cli.Commands;
using YuLanData.Synthesis.Job;

namespace YuLanData.Synthesis.Tests;

/// <summary>
/// A synthesis job with <c>chat: true</c>: each filled prompt becomes the user turn (after the job's system turn) of the
/// chat template in the tokenizer's tokenizer_config.json, and is tokenized without the tokenizer's own special tokens.
/// </summary>
public sealed class ChatJobTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synth-chat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Template =
        "{{ bos_token }}{% for m in messages %}<|{{ m.role }}|>\n{{ m.content | trim }}{{ eos_token }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}";

    private (string Seeds, string TokenizerDir) Prepare()
    {
        var seeds = Path.Combine(_dir, "seeds.jsonl");
        SharedFiles.WriteGsm8kSeeds(seeds, 2);
        var tokenizerDir = Directory.CreateDirectory(Path.Combine(_dir, "tokenizer")).FullName;
        File.Copy(SharedFiles.TinyTokenizer, Path.Combine(tokenizerDir, "tokenizer.json"));
        File.WriteAllText(Path.Combine(tokenizerDir, "tokenizer_config.json"),
            new JsonObject { ["chat_template"] = Template, ["bos_token"] = "<s>", ["eos_token"] = "</s>" }.ToJsonString());
        return (seeds, tokenizerDir);
    }

    private SynthesisJobOptions Options(string output, string seeds, string tokenizer, bool chat, string system = "") => new()
    {
        Input = [seeds],
        Template = "step_by_step_boxed",
        TemplatesDir = SharedFiles.PromptsDir,
        Model = SharedFiles.TinyModel,
        Tokenizer = tokenizer,
        Output = Path.Combine(_dir, output),
        Greedy = true,
        MaxNewTokens = 4,
        MaxBatch = 2,
        Chat = chat,
        System = system,
    };

    [Fact]
    public void ChatPromptIsTheRenderedTemplateAroundTheFilledPrompt()
    {
        var (seeds, tokenizerDir) = Prepare();
        var plain = Options("plain", seeds, tokenizerDir, chat: false);
        var chat = Options("chat", seeds, tokenizerDir, chat: true, system: "You are terse.");
        var log = new StringWriter();
        Assert.True(SynthesizeCommand.Run(plain, log) == 0, log.ToString());
        Assert.True(SynthesizeCommand.Run(chat, log) == 0, log.ToString());
        var plainTable = SampleTable.Read(plain.Output);
        var chatTable = SampleTable.Read(chat.Output);
        Assert.Equal(2, chatTable.Count);
        var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(tokenizerDir, "tokenizer.json"));
        for (var r = 0; r < chatTable.Count; r++)
        {
            var filled = plainTable.Text("prompt", r)!;
            var expected = "<s><|system|>\nYou are terse.</s>\n<|user|>\n" + filled.Trim() + "</s>\n<|assistant|>\n";
            Assert.Equal(expected, chatTable.Text("prompt", r));
            Assert.Equal(tokenizer.Encode(expected, addSpecialTokens: false).Length, chatTable.Get<int>("prompt_tokens", r));
        }
    }

    [Fact]
    public void ChatWithoutATemplateAndSystemWithoutChatAreRefused()
    {
        var (seeds, _) = Prepare();
        var noConfig = Options("none", seeds, SharedFiles.TinyTokenizer, chat: true);
        var log = new StringWriter();
        Assert.NotEqual(0, SynthesizeCommand.Run(noConfig, log));
        Assert.Contains("chat_template", log.ToString());
        var systemOnly = Options("sys", seeds, SharedFiles.TinyTokenizer, chat: false, system: "x");
        Assert.Contains("chat: true", Assert.Throws<ArgumentException>(systemOnly.Validate).Message);
    }
}
