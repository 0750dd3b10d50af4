using YuLanData.Inference.Templates;

namespace YuLanData.Synthesis.Job;

/// <summary>
/// Wraps a filled prompt as the user turn of a chat (after an optional system turn) and renders it with the model's
/// chat template, ending with the opening of the assistant turn. Used when a synthesis job says <c>chat: true</c>.
/// </summary>
public sealed class ChatPrompt
{
    private readonly ChatTemplate _template;
    private readonly string? _system;

    /// <summary>Uses <paramref name="template"/> with an optional system turn.</summary>
    /// <param name="template">The model's chat template.</param>
    /// <param name="system">Text of the system turn; null or empty for none.</param>
    public ChatPrompt(ChatTemplate template, string? system)
    {
        _template = template;
        _system = string.IsNullOrEmpty(system) ? null : system;
    }

    /// <summary>The template's source text (recorded in the run fingerprint).</summary>
    public string TemplateSource => _template.Source;

    /// <summary>
    /// Reads the chat template from the <c>tokenizer_config.json</c> beside the tokenizer (when the job names one) or in
    /// the model folder.
    /// </summary>
    /// <param name="modelDir">The model folder.</param>
    /// <param name="tokenizerPath">The job's tokenizer (tokenizer.json or its folder), or empty.</param>
    /// <param name="system">Text of the system turn, or null.</param>
    /// <exception cref="InvalidOperationException">No tokenizer_config.json with a chat_template was found, or it does not parse
    /// (a job configuration error, reported as the synthesize command reports one).</exception>
    public static ChatPrompt Load(string modelDir, string? tokenizerPath, string? system)
    {
        var candidates = ChatTemplate.ConfigFolders(tokenizerPath, modelDir);
        foreach (var dir in candidates)
        {
            var file = Path.Combine(dir, "tokenizer_config.json");
            if (!File.Exists(file)) continue;
            try
            {
                return new ChatPrompt(ChatTemplate.Load(file), system);
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
            {
                throw new InvalidOperationException($"chat: true: {e.Message}", e);
            }
        }
        throw new InvalidOperationException($"chat: true needs a tokenizer_config.json with a chat_template in {string.Join(" or ", candidates)}");
    }

    /// <summary>The chat-formatted prompt for one filled template text.</summary>
    /// <param name="user">The filled prompt, used as the user turn.</param>
    /// <exception cref="InvalidOperationException">The template refused the conversation (raise_exception) or failed.</exception>
    public string Render(string user)
    {
        var messages = new List<ChatMessage>();
        if (_system is not null) messages.Add(new ChatMessage("system", _system));
        messages.Add(new ChatMessage("user", user));
        try
        {
            return _template.Render(messages, addGenerationPrompt: true);
        }
        catch (ChatTemplateException e)
        {
            throw new InvalidOperationException($"chat template: {e.Message}", e);
        }
    }
}
