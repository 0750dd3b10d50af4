namespace YuLanData.Synthesis.Job;

/// <summary>One input record: a seed document, or a record that could not be read (counted as a rejected seed).</summary>
/// <param name="Seed">The seed document when readable.</param>
/// <param name="Unreadable">Where and why the record could not be read, when it could not.</param>
public readonly record struct SeedRecord(SeedDocument? Seed, string? Unreadable);
