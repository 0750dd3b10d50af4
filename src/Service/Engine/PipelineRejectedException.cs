namespace YuLanData.Service.Engine;

/// <summary>A pipeline or its run folder cannot be used; the message says why (answered as HTTP 400).</summary>
public sealed class PipelineRejectedException(string message, Exception? inner = null) : Exception(message, inner);
