namespace YuLanData.Jobs.Pipelines;

/// <summary>What a glob matched: the files to read, and the paths it matched that are not read.</summary>
/// <param name="Files">Files to read, sorted ordinally.</param>
/// <param name="Skipped">Folders and run bookkeeping the glob matched, with the reason each is not read.</param>
public sealed record GlobMatch(IReadOnlyList<string> Files, IReadOnlyList<SkippedInput> Skipped);
