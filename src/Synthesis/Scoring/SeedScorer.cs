using YuLanData.Synthesis.Verification;

namespace YuLanData.Synthesis.Scoring;

/// <summary>
/// Turns the verdicts of a seed's n samples into accepted samples and a seed decision. With a known answer (or
/// tests) each sample stands on its own and the pass rate is the share that passed. Without one, samples with a
/// final answer vote: those agreeing with the strict majority answer are kept, the others are rejected as
/// <c>minority_answer</c>, and a tie for first place rejects all as <c>no_majority</c> (with one sample, it is its own majority).
/// </summary>
public static class SeedScorer
{
    /// <summary>Scores the samples of one seed, in sample order.</summary>
    /// <param name="verdicts">One verdict per sample.</param>
    /// <param name="vote">Whether answers without a known reference go to a majority vote.</param>
    public static SeedScore Score(IReadOnlyList<SampleVerdict> verdicts, bool vote)
    {
        var reasons = verdicts.Select(v => v.Reason).ToArray();
        string? majority = null;
        if (vote)
        {
            var keys = verdicts.Select(v => v.Passed && v.KnownAnswer is null ? AnswerNormalizer.Key(v.Answer) : null).ToArray();
            var counts = keys.Where(k => k is not null).GroupBy(k => k!, StringComparer.Ordinal)
                .Select(g => (Key: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
            if (counts.Length > 0)
            {
                var tie = counts.Length > 1 && counts[1].Count == counts[0].Count;
                if (!tie) majority = counts[0].Key;
                for (var i = 0; i < keys.Length; i++)
                    if (keys[i] is not null && (tie || keys[i] != majority))
                        reasons[i] = tie ? "no_majority" : "minority_answer";
            }
        }
        var accepted = reasons.Count(r => r is null);
        string? seedReason = null;
        if (accepted == 0)
        {
            seedReason = reasons.Select((r, i) => (Reason: r!, Index: i)).GroupBy(x => x.Reason, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.Index)).Select(g => g.Key).FirstOrDefault() ?? "no_samples";
        }
        return new SeedScore(reasons, verdicts.Count == 0 ? 0 : (double)accepted / verdicts.Count, majority, seedReason);
    }
}
