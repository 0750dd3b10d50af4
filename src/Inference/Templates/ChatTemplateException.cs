namespace YuLanData.Inference.Templates;

/// <summary>A chat template refused its input (<c>raise_exception</c>) or failed while rendering; the message says why.</summary>
public sealed class ChatTemplateException(string message, Exception? inner = null) : Exception(message, inner);
