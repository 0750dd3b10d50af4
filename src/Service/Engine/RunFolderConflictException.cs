namespace YuLanData.Service.Engine;

/// <summary>The run folder belongs to something else (another pipeline's run, files of no run); answered as HTTP 409.</summary>
public sealed class RunFolderConflictException(string message, Exception? inner = null) : Exception(message, inner);
