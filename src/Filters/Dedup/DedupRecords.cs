using System.Buffers.Binary;

namespace YuLanData.Filters.Dedup;

/// <summary>One document of a docs file (24 bytes: id hash u128 LE, priority f64 LE). The record index is the position.</summary>
/// <param name="IdHash">XXH3-128 of the document id.</param>
/// <param name="Priority">Larger wins when choosing which copy survives.</param>
public readonly record struct DocEntry(UInt128 IdHash, double Priority)
{
    public const int Size = 24;

    public void Write(Span<byte> b)
    {
        BinaryPrimitives.WriteUInt128LittleEndian(b, IdHash);
        BinaryPrimitives.WriteDoubleLittleEndian(b[16..], Priority);
    }

    public static DocEntry Read(ReadOnlySpan<byte> b) =>
        new(BinaryPrimitives.ReadUInt128LittleEndian(b), BinaryPrimitives.ReadDoubleLittleEndian(b[16..]));
}

/// <summary>One (key, document) record of a bucket file (24 bytes: key u128 LE, task i32 LE, position i32 LE).</summary>
/// <param name="Key">A band key (MinHash) or the content/URL hash (exact).</param>
/// <param name="Doc">The document; its reference flag is not stored (it follows from the file's corpus).</param>
public readonly record struct BucketEntry(UInt128 Key, DocRef Doc) : IComparable<BucketEntry>
{
    public const int Size = 24;

    public void Write(Span<byte> b)
    {
        BinaryPrimitives.WriteUInt128LittleEndian(b, Key);
        BinaryPrimitives.WriteInt32LittleEndian(b[16..], Doc.Task);
        BinaryPrimitives.WriteInt32LittleEndian(b[20..], Doc.Position);
    }

    public static BucketEntry Read(ReadOnlySpan<byte> b, bool reference) =>
        new(BinaryPrimitives.ReadUInt128LittleEndian(b),
            DocRef.Of(BinaryPrimitives.ReadInt32LittleEndian(b[16..]), BinaryPrimitives.ReadInt32LittleEndian(b[20..]), reference));

    public int CompareTo(BucketEntry other)
    {
        int c = Key.CompareTo(other.Key);
        return c != 0 ? c : Doc.CompareTo(other.Doc);
    }
}

/// <summary>Two documents found to share a key (16 bytes: two packed <see cref="DocRef"/> u64 LE).</summary>
public readonly record struct PairEntry(DocRef First, DocRef Second)
{
    public const int Size = 16;

    public void Write(Span<byte> b)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(b, First.Packed);
        BinaryPrimitives.WriteUInt64LittleEndian(b[8..], Second.Packed);
    }

    public static PairEntry Read(ReadOnlySpan<byte> b) =>
        new(new DocRef(BinaryPrimitives.ReadUInt64LittleEndian(b)), new DocRef(BinaryPrimitives.ReadUInt64LittleEndian(b[8..])));
}
