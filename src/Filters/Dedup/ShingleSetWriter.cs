using System.Runtime.InteropServices;

namespace YuLanData.Filters.Dedup;

/// <summary>Writes a task's <see cref="DedupFileKind.ShingleSets"/> file: one entry per document, in input order.</summary>
public sealed class ShingleSetWriter : IDisposable
{
    private readonly DedupFileWriter _file;

    /// <param name="path">The final path (written to <c>.partial</c> until <see cref="Commit"/>).</param>
    /// <param name="task">The task the file belongs to (stored and checked on read).</param>
    /// <param name="parameters">The MinHash parameter text (stored and checked on read).</param>
    public ShingleSetWriter(string path, int task, string parameters)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("shingle set files are written in the machine's byte order, which must be little-endian");
        _file = new DedupFileWriter(path, DedupFileKind.ShingleSets, sizeof(uint), task, parameters);
    }

    /// <summary>Appends the next document's entry.</summary>
    /// <param name="fingerprints">Its sorted distinct fingerprints (<see cref="ShingleSet.Fingerprints"/>), whole or
    /// their smallest ones (a bottom-k sketch); empty for a document without shingles or when only cleanliness is kept.</param>
    /// <param name="distinct">How many distinct fingerprints the document has (more than stored: a sketch).</param>
    /// <param name="cleanliness">Its <see cref="TextCleanliness"/> score.</param>
    public void Append(ReadOnlySpan<uint> fingerprints, int distinct, float cleanliness)
    {
        if (distinct < fingerprints.Length)
            throw new ArgumentOutOfRangeException(nameof(distinct), $"{distinct} distinct fingerprints, {fingerprints.Length} stored");
        Span<uint> head = [(uint)fingerprints.Length, (uint)distinct, BitConverter.SingleToUInt32Bits(cleanliness)];
        _file.AppendRecords(MemoryMarshal.AsBytes(head));
        _file.AppendRecords(MemoryMarshal.AsBytes(fingerprints));
    }

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Commit() => _file.Commit();

    public void Dispose() => _file.Dispose();
}
