namespace YuLanData.Jobs.Execution;

/// <summary>The output folder cannot be used for this run.</summary>
public sealed class RunFolderException(string message) : Exception(message);
