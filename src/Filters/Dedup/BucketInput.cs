namespace YuLanData.Filters.Dedup;

/// <summary>One sorted bucket file to merge.</summary>
/// <param name="Path">The file.</param>
/// <param name="Task">The task it belongs to (checked against the header).</param>
/// <param name="Reference">True for a file of the reference corpus (cross-dataset mode).</param>
public readonly record struct BucketInput(string Path, int Task, bool Reference);
