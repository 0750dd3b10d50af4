namespace YuLanData.Service.Security;

/// <summary>A path named by a request is not allowed (answered as HTTP 400).</summary>
public sealed class PathRejectedException(string message) : Exception(message);
