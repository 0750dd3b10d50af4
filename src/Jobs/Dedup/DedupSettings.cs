using System.Globalization;
using YuLanData.Filters.Dedup;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Dedup;

/// <summary>Exact dedup or MinHash-LSH near dedup.</summary>
public enum DedupMode
{
    Exact,
    MinHash,
}

/// <summary>What exact dedup compares.</summary>
public enum ExactKeyKind
{
    /// <summary>The text as is.</summary>
    Text,

    /// <summary>The text after datatrove's <c>simplify_text</c> (case, punctuation, digits, diacritics, whitespace).</summary>
    NormalizedText,

    /// <summary>A metadata field's value (string as is, other JSON as its JSON text).</summary>
    Field,

    /// <summary>A metadata field holding a URL, in canonical form (<see cref="UrlNormalizer"/>).</summary>
    Url,
}

/// <summary>Which document of a duplicate cluster survives. Ties (and <see cref="First"/>) go to the earliest
/// document in stable input order: task index, then position in the task.</summary>
public enum SurvivorRule
{
    /// <summary>The best by quality order: the largest <see cref="DedupSettings.PriorityField"/> value when one is
    /// named (missing ranks last), then (MinHash) the highest <see cref="Filters.Dedup.TextCleanliness"/> score,
    /// then input order. Without a priority field, exact dedup keeps the first.</summary>
    Quality,

    /// <summary>The earliest document in input order.</summary>
    First,

    /// <summary>The longest text (in UTF-16 code units).</summary>
    Longest,

    /// <summary>The largest numeric value of <see cref="DedupSettings.PriorityField"/>; documents without it rank last.</summary>
    Field,
}

/// <summary>Everything a dedup run needs; recorded in the run folder's <c>dedup.json</c>.</summary>
public sealed record DedupSettings
{
    public DedupMode Mode { get; init; } = DedupMode.MinHash;

    /// <summary>MinHash parameters (MinHash mode).</summary>
    public MinHashParameters MinHash { get; init; } = new();

    /// <summary>What exact dedup hashes (exact mode).</summary>
    public ExactKeyKind ExactKey { get; init; } = ExactKeyKind.NormalizedText;

    /// <summary>The metadata field for <see cref="ExactKeyKind.Field"/> and <see cref="ExactKeyKind.Url"/> (default <c>url</c>).</summary>
    public string? KeyField { get; init; }

    /// <summary>URL mode: treat <c>www.host</c> and <c>host</c> as the same.</summary>
    public bool StripWww { get; init; }

    public SurvivorRule Keep { get; init; } = SurvivorRule.Quality;

    /// <summary>Exact mode: name dropped documents by id and key together (the default), so duplicates are dropped
    /// whatever their ids; of copies with the same id and the same content one is kept (the first in the survivor's
    /// task), the others are dropped and counted in <see cref="DedupSummary.DroppedWithSharedId"/>.
    /// False: by id alone, as before: a copy sharing its id with a survivor is kept.</summary>
    public bool ByContent { get; init; } = true;


    /// <summary>MinHash: how candidate pairs become removals (default: star clustering on verified edges).</summary>
    public DedupClustering Clustering { get; init; } = DedupClustering.Center;

    /// <summary>The numeric metadata field for <see cref="SurvivorRule.Field"/> (required) and <see cref="SurvivorRule.Quality"/> (optional).</summary>
    public string? PriorityField { get; init; }

    public ReaderOptions Reader { get; init; } = new();

    /// <summary>Plain JSONL/Parquet files above this size are split into several tasks (as <c>run</c> does).</summary>
    public long SplitBytes { get; init; } = YuLanData.Jobs.Pipelines.PipelineConfig.DefaultSplitBytes;

    /// <summary>Stage 1 keeps at most this many (key, document) entries of a task in memory (24 bytes each, plus list
    /// slack); beyond it, sorted runs are spilled to disk and merged at the end of the task.</summary>
    public int MaxBufferedEntries { get; init; } = 4 << 20;

    /// <summary>An earlier dedup folder (same mode and parameters) to dedup against: its documents are never
    /// dropped, and new documents that match one of them are.</summary>
    public string? Reference { get; init; }

    /// <summary>MinHash: keep only candidate pairs whose exact Jaccard similarity of shingle sets is at least this
    /// (0: no verification; null: <see cref="DefaultVerifyJaccard"/> for center clustering, 0 for datatrove's).
    /// Stage 1 then stores each document's shingle fingerprints, which stage 3 compares.</summary>
    public double? VerifyJaccard { get; init; }

    /// <summary>MinHash verification: at most this many shingle fingerprints are stored per document, its smallest
    /// (a bottom-k sketch; Jaccard of longer documents is then estimated, standard error sqrt(J(1-J)/k)); 0 stores
    /// all and makes every Jaccard exact. Bounds stage 3's memory at about 4 bytes x k per candidate document.</summary>
    public int StoredShingles { get; init; } = 256;

    /// <summary>The threshold center clustering uses unless told otherwise.</summary>
    public const double DefaultVerifyJaccard = 0.8;

    /// <summary>The verification threshold in force (0: none).</summary>
    public double EffectiveVerifyJaccard => Mode != DedupMode.MinHash ? 0
        : VerifyJaccard ?? (Clustering == DedupClustering.Center ? DefaultVerifyJaccard : 0);

    /// <summary>MinHash: stage 1 writes per-task shingle set files (fingerprints for verification, cleanliness for
    /// the quality order).</summary>
    public bool WritesShingleSets => Mode == DedupMode.MinHash && (EffectiveVerifyJaccard > 0 || Keep == SurvivorRule.Quality);

    public string EffectiveKeyField => KeyField ?? (ExactKey == ExactKeyKind.Url ? "url" : "");

    /// <summary>The parameters every intermediate file carries (what changes keys).</summary>
    public string SignatureParameters => Mode == DedupMode.MinHash
        ? MinHash.Fingerprint
        : string.Create(CultureInfo.InvariantCulture,
            $"exact/v1 key={SnakeCase(ExactKey.ToString())} field={EffectiveKeyField} strip_www={StripWww} hash=xxh3_128{(ByContent ? " drop_key=id+key" : "")}");

    /// <summary>The drop reason the filter stages report.</summary>
    public string DropReason => Mode == DedupMode.MinHash ? "minhash_duplicate" : "exact_duplicate";

    internal static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public void Validate()
    {
        if (Mode == DedupMode.MinHash)
            MinHash.Validate();
        if (ExactKey == ExactKeyKind.Field && string.IsNullOrEmpty(KeyField))
            throw new ArgumentException("key 'field' needs a key field name");
        if (StoredShingles < 0)
            throw new ArgumentException($"stored_shingles must be 0 (all) or positive (got {StoredShingles})");
        if (MaxBufferedEntries < 1)
            throw new ArgumentException($"max_buffered_entries must be positive (got {MaxBufferedEntries})");
        if (VerifyJaccard is < 0 or > 1)
            throw new ArgumentException($"verify_jaccard must be in [0, 1] (got {VerifyJaccard})");
        if (VerifyJaccard > 0 && Mode != DedupMode.MinHash)
            throw new ArgumentException("verify_jaccard applies to MinHash dedup only");
        if (Mode == DedupMode.MinHash && Clustering == DedupClustering.Center && EffectiveVerifyJaccard <= 0)
            throw new ArgumentException("center clustering needs verified edges: verify_jaccard must be above 0 (use clustering 'datatrove' for unverified union-find)");
        if (Keep == SurvivorRule.Field && string.IsNullOrEmpty(PriorityField))
            throw new ArgumentException("keep 'field' needs a priority field name");
    }
}
