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
}
