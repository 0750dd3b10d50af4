namespace YuLanData.Service.Analysis;

/// <summary>What one stage dropped, largest reason first.</summary>
/// <param name="Stage">The stage label (<c>{position:00}_{name}</c>).</param>
/// <param name="In">Documents entering the stage.</param>
/// <param name="Kept">Documents it kept.</param>
/// <param name="Dropped">Documents it dropped, all reasons.</param>
/// <param name="Quarantined">Documents it failed on.</param>
/// <param name="PercentDropped">Share of the stage's input it dropped, in percent.</param>
/// <param name="Reasons">Per reason, largest count first (ties by reason).</param>
public sealed record StageDrops(string Stage, long In, long Kept, long Dropped, long Quarantined, double PercentDropped, IReadOnlyList<DropReason> Reasons);
