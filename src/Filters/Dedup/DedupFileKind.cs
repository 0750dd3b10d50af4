namespace YuLanData.Filters.Dedup;

/// <summary>The kinds of dedup intermediate files; stored in the header and checked on read.</summary>
public enum DedupFileKind : ushort
{
    /// <summary>Per task, one <see cref="DocEntry"/> per document in input order (position = record index).</summary>
    Docs = 1,

    /// <summary>Per task and band, <see cref="BucketEntry"/> records sorted by (key, document).</summary>
    Bucket = 2,

    /// <summary>Per band, <see cref="PairEntry"/> records: documents that share a key.</summary>
    Pairs = 3,

    /// <summary>Sorted 128-bit hashes of the ids of the documents to drop.</summary>
    DropList = 4,

    /// <summary>Per task, a stream of u32 words: for each document in input order, the number n of fingerprints
    /// stored, its number of distinct fingerprints (more than n: the n smallest are stored, a bottom-k sketch), its
    /// <see cref="TextCleanliness"/> score as f32 bits, then n sorted distinct 32-bit shingle fingerprints
    /// (<see cref="ShingleSet.Fingerprints"/>). Lets stage 3 verify candidate pairs without re-reading the texts.</summary>
    ShingleSets = 5,
}
