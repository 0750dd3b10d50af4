namespace YuLanData.Jobs.Mixing;

/// <summary>One selected document occurrence: which source, which indexed document, and in which epoch (1 = first use).</summary>
public readonly record struct SelectedDocument(int Source, int Document, int Epoch);

/// <summary>What one source contributed to one phase.</summary>
/// <param name="Source">Source index in <see cref="MixSelection.Sources"/>.</param>
/// <param name="Target">Planned tokens.</param>
/// <param name="Actual">Selected tokens (every epoch counted).</param>
/// <param name="Documents">Selected occurrences.</param>
/// <param name="UniqueDocuments">Distinct documents among them.</param>
/// <param name="PoolTokens">Tokens of the documents this phase could draw from (after earlier phases took theirs).</param>
/// <param name="Epochs">Passes over the drawn documents: 1 when the pool covered the target, more when upsampled.</param>
public sealed record SourceSelection(int Source, long Target, long Actual, long Documents, long UniqueDocuments, long PoolTokens, int Epochs);

/// <summary>A phase's documents in training order, with its per-source accounting.</summary>
public sealed record PhaseSelection(PhaseConfig Phase, SelectedDocument[] Order, IReadOnlyList<SourceSelection> Sources)
{
    public long Tokens(IReadOnlyList<SourceIndex> indexes) => Order.Sum(d => (long)indexes[d.Source].Documents[d.Document].Tokens);
}

/// <summary>
/// Chooses each phase's documents deterministically for a seed. Per source, the documents are permuted once
/// (seed, source) and consumed in that order across phases, so no document serves two phases unless the phase
/// allows reuse. When the documents left are fewer than a target, they are all taken and repeated in fresh
/// permutations (epochs 2, 3, ...) until the target is met; a document joins while it brings the total closer to
/// the target: documents are added until the total is within <see cref="Tolerance"/> of the target; one that would
/// overshoot that band is swapped for the first of the following <see cref="LookAhead"/> that fits, or, when none does,
/// taken only if it brings the total closer to the target. Within a phase the documents are then shuffled (seed, phase) or sorted by an order key.
/// </summary>
public sealed class MixSelection
{
    /// <summary>How many documents past one that does not fit are tried to fill the rest of a target.</summary>
    public const int LookAhead = 256;

    /// <summary>A target counts as met within this fraction (half the 1% the report checks).</summary>
    public const double Tolerance = 0.005;

    private MixSelection(IReadOnlyList<SourceIndex> sources, IReadOnlyList<PhaseSelection> phases)
    {
        Sources = sources;
        Phases = phases;
    }

    public IReadOnlyList<SourceIndex> Sources { get; }

    public IReadOnlyList<PhaseSelection> Phases { get; }

    /// <param name="config">The curriculum.</param>
    /// <param name="sources">One index per <see cref="CurriculumConfig.SourcePaths"/>, in that order.</param>
    public static MixSelection Select(CurriculumConfig config, IReadOnlyList<SourceIndex> sources)
    {
        var paths = config.SourcePaths;
        var permutations = new int[sources.Count][];
        var cursor = new int[sources.Count]; // next unused position in the source's permutation
        for (int s = 0; s < sources.Count; s++)
        {
            var perm = Enumerable.Range(0, sources[s].Documents.Count).ToArray();
            // Keyed by the source's position in the curriculum, not its path: the same curriculum selects the same
            // documents wherever the data lives.
            new SplitMix64(SplitMix64.Derive(config.Seed, "source", SourceKey(s))).Shuffle(perm.AsSpan());
            permutations[s] = perm;
        }
        var phases = new List<PhaseSelection>();
        foreach (var phase in config.Phases)
        {
            var order = new List<SelectedDocument>();
            var accounting = new List<SourceSelection>();
            foreach (var target in phase.Sources)
            {
                int s = IndexOf(paths, target.Path);
                var index = sources[s];
                var perm = permutations[s];
                // The pool: unused documents, or (reuse allowed) the whole source once the unused ones run out.
                int start = cursor[s];
                if (start >= perm.Length && !phase.AllowReuse)
                    throw new InvalidOperationException(
                        $"phase '{phase.Name}': source '{target.Path}' has no unused documents left (earlier phases took all {perm.Length:N0}); set allow_reuse: true to reuse them");
                if (start >= perm.Length)
                    start = 0;
                long total = 0, docs = 0;
                int epochs = 1, pos = start;
                int[] pool = perm;
                int poolStart = start;
                long poolTokens = 0;
                for (int i = start; i < perm.Length; i++)
                    poolTokens += index.Documents[perm[i]].Tokens;
                var unique = new HashSet<int>();
                long tolerance = (long)(target.TargetTokens * Tolerance);
                while (true)
                {
                    if (pos >= pool.Length)
                    {
                        // Source (or its unused part) exhausted: start another epoch over the same documents in a fresh order.
                        epochs++;
                        pool = pool[poolStart..];
                        new SplitMix64(SplitMix64.Derive(config.Seed, "epoch", phase.Name, SourceKey(s), epochs.ToString(System.Globalization.CultureInfo.InvariantCulture))).Shuffle(pool.AsSpan());
                        poolStart = 0;
                        pos = 0;
                        if (pool.Length == 0)
                            break;
                    }
                    if (total >= target.TargetTokens - tolerance)
                        break;
                    int d = pool[pos];
                    int t = index.Documents[d].Tokens;
                    if (total + t > target.TargetTokens + tolerance)
                    {
                        // This document would overshoot the band: take the first of the next few that fits (it moves to this
                        // position; the skipped one stays available), else take this one only if it brings the total closer.
                        int found = -1;
                        for (int k = pos + 1; k < Math.Min(pool.Length, pos + LookAhead); k++)
                            if (total + index.Documents[pool[k]].Tokens <= target.TargetTokens + tolerance)
                            {
                                found = k;
                                break;
                            }
                        if (found >= 0)
                        {
                            (pool[pos], pool[found]) = (pool[found], pool[pos]);
                            d = pool[pos];
                            t = index.Documents[d].Tokens;
                        }
                        else if (total > 0 && total + t / 2 >= target.TargetTokens)
                            break;
                    }
                    order.Add(new SelectedDocument(s, d, epochs));
                    unique.Add(d);
                    total += t;
                    docs++;
                    pos++;
                }
                if (epochs == 1)
                    cursor[s] = Math.Max(cursor[s], pos);
                else
                    cursor[s] = perm.Length; // every remaining document was used
                if (pool.Length > 0 && pos == 0 && epochs > 1)
                    epochs--; // the last epoch was opened but nothing taken from it
                accounting.Add(new SourceSelection(s, target.TargetTokens, total, docs, unique.Count, poolTokens, epochs));
            }
            var arranged = order.ToArray();
            Arrange(arranged, phase, config.Seed, sources);
            phases.Add(new PhaseSelection(phase, arranged, accounting));
        }
        return new MixSelection(sources, phases);
    }

    private static string SourceKey(int source) => "#" + source.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Arrange(SelectedDocument[] docs, PhaseConfig phase, ulong seed, IReadOnlyList<SourceIndex> sources)
    {
        if (phase.OrderKey is not { } key)
        {
            new SplitMix64(SplitMix64.Derive(seed, "phase", phase.Name)).Shuffle(docs.AsSpan());
            return;
        }
        int sign = phase.Descending ? -1 : 1;
        Array.Sort(docs, (a, b) =>
        {
            int c = sign * sources[a.Source].Keys[key][a.Document].CompareTo(sources[b.Source].Keys[key][b.Document]);
            if (c != 0)
                return c;
            c = a.Source.CompareTo(b.Source);
            if (c != 0)
                return c;
            c = a.Document.CompareTo(b.Document);
            return c != 0 ? c : a.Epoch.CompareTo(b.Epoch);
        });
    }

    private static int IndexOf(IReadOnlyList<string> paths, string path)
    {
        for (int i = 0; i < paths.Count; i++)
            if (paths[i] == path)
                return i;
        throw new InvalidOperationException($"unknown source {path}");
    }
}
