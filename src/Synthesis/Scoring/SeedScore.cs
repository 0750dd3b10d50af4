namespace YuLanData.Synthesis.Scoring;

/// <summary>The decision about one seed from its n samples.</summary>
/// <param name="SampleReasons">Per sample: null when accepted, else its reject reason (after voting).</param>
/// <param name="PassRate">Accepted samples / samples.</param>
/// <param name="MajorityAnswer">The normalized answer most samples agree on (boxed formats), if any.</param>
/// <param name="SeedReason">Null when the seed has at least one accepted sample; else the most frequent sample reason.</param>
public sealed record SeedScore(IReadOnlyList<string?> SampleReasons, double PassRate, string? MajorityAnswer, string? SeedReason)
{
    /// <summary>Whether any sample was accepted.</summary>
    public bool Accepted => SeedReason is null;
}
