namespace YuLanData.Service.Analysis;

/// <summary>One page of a run's dropped documents.</summary>
/// <param name="Available">False when the run wrote no exclusions (set <c>output.exclusions: true</c> in the pipeline).</param>
/// <param name="Offset">Matching documents skipped.</param>
/// <param name="Limit">Page size asked.</param>
/// <param name="Documents">The page.</param>
/// <param name="NextOffset">The offset of the next page, or null when this is the last.</param>
public sealed record ExcludedPage(bool Available, int Offset, int Limit, IReadOnlyList<ExcludedDocument> Documents, int? NextOffset);
