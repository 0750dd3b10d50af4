using System.Text;
using System.Text.Json;

namespace YuLanData.Inference.Templates;

/// <summary>
/// A model's chat template (the Jinja <c>chat_template</c> of <c>tokenizer_config.json</c>), rendered by our own
/// renderer of the Jinja subset real templates use, with the variables transformers passes: <c>messages</c>,
/// <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c> and any extra ones (e.g. <c>enable_thinking</c>).
/// Rendering is checked byte for byte against @huggingface/jinja by the tests.
/// </summary>
public sealed class ChatTemplate
{
    private readonly Action<JinjaScope, StringBuilder> _render;

    /// <summary>The template source.</summary>
    public string Source { get; }
    /// <summary>The tokenizer's beginning-of-sequence text (empty when it has none).</summary>
    public string BosToken { get; }
    /// <summary>The tokenizer's end-of-sequence text (empty when it has none).</summary>
    public string EosToken { get; }

    /// <summary>Compiles a template.</summary>
    /// <param name="source">Jinja source.</param>
    /// <param name="bosToken">Value of <c>bos_token</c> in the template.</param>
    /// <param name="eosToken">Value of <c>eos_token</c> in the template.</param>
    /// <exception cref="FormatException">The template does not parse; the message names the template line.</exception>
    public ChatTemplate(string source, string bosToken = "", string eosToken = "")
    {
        Source = source;
        BosToken = bosToken;
        EosToken = eosToken;
        _render = JinjaParser.Compile(source);
    }

    /// <summary>
    /// Where a model's <c>tokenizer_config.json</c> is looked for, in order: beside the tokenizer (when one is named apart
    /// from the model) and in the model folder.
    /// </summary>
    /// <param name="tokenizerPath">The tokenizer (<c>tokenizer.json</c> or its folder), or null or empty for the model's own.</param>
    /// <param name="modelDir">The model folder.</param>
    public static IReadOnlyList<string> ConfigFolders(string? tokenizerPath, string modelDir) => string.IsNullOrEmpty(tokenizerPath)
        ? [modelDir]
        : [Directory.Exists(tokenizerPath) ? tokenizerPath : Path.GetDirectoryName(Path.GetFullPath(tokenizerPath))!, modelDir];

    /// <summary>Reads the template of a <c>tokenizer_config.json</c> (or of the model folder holding one).</summary>
    /// <param name="path">The file or its folder.</param>
    /// <exception cref="InvalidDataException">The file has no <c>chat_template</c>, or the template does not parse (file named).</exception>
    public static ChatTemplate Load(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, "tokenizer_config.json");
        return TryLoad(path) ?? throw new InvalidDataException($"{path}: no chat_template");
    }

    /// <summary>As <see cref="Load"/>, but null when the file has no <c>chat_template</c> at all.</summary>
    /// <param name="path">The <c>tokenizer_config.json</c> file.</param>
    /// <exception cref="InvalidDataException">The template is malformed or does not parse (file named).</exception>
    public static ChatTemplate? TryLoad(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"tokenizer config not found: {path}", path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (!root.TryGetProperty("chat_template", out var t)) return null;
        var source = t.ValueKind switch
        {
            JsonValueKind.String => t.GetString()!,
            // A list of named templates: the one named "default".
            JsonValueKind.Array => t.EnumerateArray().FirstOrDefault(e => e.TryGetProperty("name", out var n) && n.GetString() == "default") is { ValueKind: JsonValueKind.Object } d
                ? d.GetProperty("template").GetString()!
                : throw new InvalidDataException($"{path}: chat_template list has no template named 'default'"),
            _ => throw new InvalidDataException($"{path}: chat_template must be a string or a list of named templates"),
        };
        try
        {
            return new ChatTemplate(source, TokenText(root, "bos_token"), TokenText(root, "eos_token"));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path}: chat_template: {e.Message}", e);
        }
    }

    /// <summary>Renders a conversation.</summary>
    /// <param name="messages">The turns.</param>
    /// <param name="addGenerationPrompt">Whether to end with the opening of an assistant turn.</param>
    /// <param name="extra">Further variables (strings, numbers, booleans, lists and dictionaries of them), e.g. <c>enable_thinking</c>.</param>
    /// <exception cref="ChatTemplateException">The template raised an exception or failed; the message says why.</exception>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var scope = new JinjaScope(null);
        foreach (var (name, function) in JinjaBuiltins.Globals()) scope.Define(name, function);
        scope.Define("messages", messages.Select(m => (object?)new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content }).ToList());
        scope.Define("add_generation_prompt", addGenerationPrompt);
        scope.Define("bos_token", BosToken);
        scope.Define("eos_token", EosToken);
        if (extra is not null)
            foreach (var (k, v) in extra) scope.Define(k, Normalize(v));
        var sb = new StringBuilder();
        try
        {
            _render(scope, sb);
        }
        catch (ChatTemplateException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidOperationException or DivideByZeroException or InvalidCastException or FormatException)
        {
            throw new ChatTemplateException($"chat template failed: {e.Message}", e);
        }
        return sb.ToString();
    }

    // Extra variables become template values: int -> long, float -> double, sequences -> lists.
    private static object? Normalize(object? v) => v switch
    {
        null or string or bool or long or double => v,
        int i => (long)i,
        float f => (double)f,
        IReadOnlyDictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value)),
        System.Collections.IEnumerable e => e.Cast<object?>().Select(Normalize).ToList(),
        _ => throw new ArgumentException($"unsupported template variable type {v.GetType().Name}"),
    };

    // A special token is written as a string or as an AddedToken object with "content".
    private static string TokenText(JsonElement root, string key) =>
        !root.TryGetProperty(key, out var v) ? "" :
        v.ValueKind == JsonValueKind.String ? v.GetString()! :
        v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";
}
