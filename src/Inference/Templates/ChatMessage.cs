namespace YuLanData.Inference.Templates;

/// <summary>One turn of a conversation given to a chat template.</summary>
/// <param name="Role">The speaker: <c>system</c>, <c>user</c>, <c>assistant</c> (or another role the template knows).</param>
/// <param name="Content">The turn's text.</param>
public sealed record ChatMessage(string Role, string Content);
