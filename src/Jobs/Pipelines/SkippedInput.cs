namespace YuLanData.Jobs.Pipelines;

/// <summary>A path an input glob matched that is not read, and why.</summary>
/// <param name="Path">The path as the glob matched it.</param>
/// <param name="Reason">
/// <c>directory</c> (a folder matched the glob), <c>run_folder</c> (bookkeeping of a folder that holds a run: run.json,
/// stats, completion markers, quarantine, work in progress...), <c>output_folder</c> (inside this pipeline's own output).
/// </param>
/// <param name="Detail">A sentence for people: which run folder, which part of it.</param>
public sealed record SkippedInput(string Path, string Reason, string Detail);
