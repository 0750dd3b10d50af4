namespace YuLanData.Service.Analysis;

/// <summary>One reason a stage dropped documents.</summary>
/// <param name="Reason">The reason code the stage gave.</param>
/// <param name="Count">Documents dropped for it.</param>
/// <param name="PercentOfStage">Share of the documents that entered the stage, in percent.</param>
/// <param name="PercentOfRead">Share of every document the run read, in percent.</param>
public sealed record DropReason(string Reason, long Count, double PercentOfStage, double PercentOfRead);
