namespace YuLanData.Jobs.Dedup;

/// <summary>How MinHash dedup turns candidate pairs into clusters and removals.</summary>
public enum DedupClustering
{
    /// <summary>Star clustering on verified edges (candidate pairs whose shingle Jaccard reaches the threshold):
    /// documents in quality order become centers unless a chosen center is adjacent, so every removed document is
    /// within the threshold of a kept one (<see cref="Filters.Dedup.CenterClustering"/>).</summary>
    Center,

    /// <summary>datatrove's decisions: union-find over all candidate pairs (unverified unless a threshold is given),
    /// one survivor per connected component (the first in input order unless another keep rule is given).</summary>
    Datatrove,
}
