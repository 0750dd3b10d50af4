namespace YuLanData.Filters.Dedup;

/// <summary>
/// A document by place: task index and 0-based position among the task's readable documents, and whether it
/// belongs to the reference corpus (cross-dataset mode). Packed into 64 bits: bit 63 = reference, bits 32..62 =
/// task, bits 0..31 = position; ordering the packed values orders new-corpus documents by (task, position),
/// which is the stable input order.
/// </summary>
public readonly record struct DocRef(ulong Packed) : IComparable<DocRef>
{
    private const ulong ReferenceBit = 1UL << 63;

    public static DocRef Of(int task, int position, bool reference = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(task);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return new DocRef((reference ? ReferenceBit : 0) | ((ulong)task << 32) | (uint)position);
    }

    public bool IsReference => (Packed & ReferenceBit) != 0;

    public int Task => (int)((Packed >> 32) & 0x7FFF_FFFF);

    public int Position => (int)(uint)Packed;

    public int CompareTo(DocRef other) => Packed.CompareTo(other.Packed);

    public override string ToString() => $"{(IsReference ? "ref:" : "")}{Task}:{Position}";
}
