using System.Text.Json.Serialization;

namespace YuLanData.Jobs.Dedup;

/// <summary>The counts of a finished dedup run (<c>result/summary.json</c>).</summary>
public sealed record DedupSummary
{
    /// <summary>Readable documents of the new corpus.</summary>
    public long Documents { get; init; }

    /// <summary>Documents without a key (MinHash: fewer words than the shingle length; exact: empty field/URL): never deduplicated.</summary>
    public long DocumentsWithoutKey { get; init; }

    /// <summary>Input records that could not be read (see the engine's quarantine rules); not deduplicated.</summary>
    public long UnreadableRecords { get; init; }

    /// <summary>Candidate pairs found by stage 2, over all bands (with repeats).</summary>
    public long Pairs { get; init; }

    /// <summary>Distinct candidate pairs checked by exact Jaccard (0 without verification).</summary>
    public long VerifiedPairs { get; init; }

    /// <summary>Distinct candidate pairs below the Jaccard threshold, not merged.</summary>
    public long RejectedPairs { get; init; }

    /// <summary>Clusters of two or more documents.</summary>
    public long Clusters { get; init; }

    /// <summary>Clusters that contain a reference-corpus document (cross-dataset mode).</summary>
    public long ReferenceClusters { get; init; }

    /// <summary>New-corpus documents in a cluster.</summary>
    public long DocumentsInClusters { get; init; }

    /// <summary>Documents the filter stage will drop.</summary>
    public long DocumentsToDrop { get; init; }

    /// <summary>Documents chosen for dropping but kept because another, surviving document has the same id (MinHash,
    /// or exact with <c>--by-id</c>: the filter works by id and must not drop the survivor). Exact by content: 0.</summary>
    public long KeptForSharedId { get; init; }

    /// <summary>Exact by content: documents dropped although they have the same id (and content) as the document
    /// kept for them: duplicate ids in the input, a warning about the data.</summary>
    public long DroppedWithSharedId { get; init; }
    /// <summary>Verified MinHash runs: removed documents whose most similar surviving candidate has Jaccard below
    /// <see cref="NearestSurvivorReport.CloseJaccard"/> (or that have none); null when pairs were not verified. The
    /// histogram is in <c>result/nearest_survivor.json</c>.</summary>
    public long? RemovedWithoutCloseSurvivor { get; init; }

    /// <summary>Time spent in this invocation (not stored).</summary>
    [JsonIgnore]
    public double Stage1Seconds { get; set; }

    /// <summary>Time spent in this invocation (not stored).</summary>
    [JsonIgnore]
    public double Stage2Seconds { get; set; }

    /// <summary>Time spent in this invocation (not stored).</summary>
    [JsonIgnore]
    public double Stage3Seconds { get; set; }
}
