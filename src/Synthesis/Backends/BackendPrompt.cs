namespace YuLanData.Synthesis.Backends;

/// <summary>A prompt ready to send.</summary>
/// <param name="Text">The text recorded as the sample's prompt and sent (a completions prompt or the chat user turn).</param>
/// <param name="Ids">Its token ids under the local tokenizer, or null when the backend has none.</param>
/// <param name="System">The system turn sent with a chat endpoint request, or null.</param>
public sealed record BackendPrompt(string Text, int[]? Ids, string? System = null);
