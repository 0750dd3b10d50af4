namespace YuLanData.Service.Launch;

/// <summary>The optional JSON body of <c>POST /api/runs/{id}/resubmit</c>: what to change from the earlier run.</summary>
/// <param name="Output">The new run's folder, or null for the earlier run's folder (then finished tasks there are kept).</param>
/// <param name="Workers">Tasks run in parallel, or null for the earlier run's number.</param>
public sealed record ResubmitRequest(string? Output, int? Workers);
