namespace YuLanData.Service.Http;

/// <summary>One file of a run folder in a listing.</summary>
/// <param name="Path">Relative to the run folder, with '/' separators.</param>
/// <param name="Bytes">File size.</param>
public sealed record RunFileEntry(string Path, long Bytes);
