using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// Megatron-LM's memory-mapped indexed dataset (<c>.bin</c> + <c>.idx</c>), as its <c>_IndexWriter</c> lays it out:
/// the 9-byte magic <c>MMIDIDX\0\0</c>, version (uint64 = 1), dtype code (uint8: 4 = int32, 8 = uint16), sequence
/// count (uint64), document count (uint64, = documents + 1), then the sequence lengths (int32[]), the byte offset of
/// each sequence in <c>.bin</c> (int64[]) and the document boundaries (int64[], starting at 0), all little-endian.
/// Token ids are uint16 when the vocabulary is below 65,500 (Megatron's <c>optimal_dtype</c>), else int32.
/// </summary>
public static class MegatronIndexedDataset
{
    /// <summary>The index file's first 9 bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "MMIDIDX\0\0"u8;

    /// <summary>Megatron's dtype code for uint16.</summary>
    public const byte UInt16Code = 8;

    /// <summary>Megatron's dtype code for int32.</summary>
    public const byte Int32Code = 4;

    /// <summary>The dtype Megatron picks for a vocabulary size.</summary>
    public static byte DTypeFor(int vocabularySize) => vocabularySize < 65_500 ? UInt16Code : Int32Code;

    /// <summary>Writes <c>{prefix}.bin</c> and <c>{prefix}.idx</c>, one sequence per document.</summary>
    /// <param name="prefix">Path without extension.</param>
    /// <param name="documents">Token ids of each document, in order.</param>
    /// <param name="dtypeCode"><see cref="UInt16Code"/> or <see cref="Int32Code"/>.</param>
    public static void Write(string prefix, IEnumerable<int[]> documents, byte dtypeCode)
    {
        if (dtypeCode is not (UInt16Code or Int32Code))
            throw new ArgumentOutOfRangeException(nameof(dtypeCode), "only uint16 (8) and int32 (4) are written");
        int itemSize = dtypeCode == UInt16Code ? 2 : 4;
        var sizes = new List<int>();
        var pointers = new List<long>();
        long offset = 0;
        using (var bin = new FileStream(prefix + ".bin", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var buffer = new byte[1 << 16];
            foreach (var doc in documents)
            {
                sizes.Add(doc.Length);
                pointers.Add(offset);
                for (int i = 0; i < doc.Length;)
                {
                    int n = Math.Min(doc.Length - i, buffer.Length / itemSize);
                    for (int j = 0; j < n; j++)
                    {
                        int id = doc[i + j];
                        if (itemSize == 2)
                        {
                            if ((uint)id > ushort.MaxValue)
                                throw new ArgumentOutOfRangeException(nameof(documents), $"token id {id} does not fit uint16; use int32");
                            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(j * 2), (ushort)id);
                        }
                        else
                            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(j * 4), id);
                    }
                    bin.Write(buffer, 0, n * itemSize);
                    i += n;
                }
                offset += (long)doc.Length * itemSize;
            }
        }
        using var idx = new BinaryWriter(new FileStream(prefix + ".idx", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));
        idx.Write(Magic);
        idx.Write(1UL);
        idx.Write(dtypeCode);
        idx.Write((ulong)sizes.Count);
        idx.Write((ulong)sizes.Count + 1);
        foreach (int s in sizes)
            idx.Write(s);
        foreach (long p in pointers)
            idx.Write(p);
        for (long d = 0; d <= sizes.Count; d++)
            idx.Write(d);
    }

    /// <summary>Reads a pair back, checking the header and that the pointers agree with the sizes and the .bin length.</summary>
    public static MegatronDataset Read(string prefix)
    {
        var idx = File.ReadAllBytes(prefix + ".idx");
        string name = prefix + ".idx";
        if (idx.Length < 34 || !idx.AsSpan(0, 9).SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a Megatron index (magic MMIDIDX\\0\\0 missing)");
        ulong version = BinaryPrimitives.ReadUInt64LittleEndian(idx.AsSpan(9));
        if (version != 1)
            throw new InvalidDataException($"{name}: version {version}, expected 1");
        byte code = idx[17];
        int itemSize = code switch { UInt16Code => 2, Int32Code => 4, _ => throw new InvalidDataException($"{name}: unsupported dtype code {code}") };
        long seqCount = (long)BinaryPrimitives.ReadUInt64LittleEndian(idx.AsSpan(18));
        long docCount = (long)BinaryPrimitives.ReadUInt64LittleEndian(idx.AsSpan(26));
        long expected = 34 + seqCount * 4 + seqCount * 8 + docCount * 8;
        if (idx.Length != expected)
            throw new InvalidDataException($"{name}: {idx.Length} bytes, the header implies {expected}");
        var sizes = MemoryMarshal.Cast<byte, int>(idx.AsSpan(34, (int)(seqCount * 4))).ToArray();
        var pointers = MemoryMarshal.Cast<byte, long>(idx.AsSpan(34 + (int)(seqCount * 4), (int)(seqCount * 8))).ToArray();
        var documentIndices = MemoryMarshal.Cast<byte, long>(idx.AsSpan(34 + (int)(seqCount * 12), (int)(docCount * 8))).ToArray();
        var bin = File.ReadAllBytes(prefix + ".bin");
        long pos = 0;
        var sequences = new int[seqCount][];
        for (long i = 0; i < seqCount; i++)
        {
            if (pointers[i] != pos)
                throw new InvalidDataException($"{name}: pointer {i} is {pointers[i]}, expected {pos}");
            var seq = new int[sizes[i]];
            for (int j = 0; j < seq.Length; j++)
                seq[j] = itemSize == 2
                    ? BinaryPrimitives.ReadUInt16LittleEndian(bin.AsSpan((int)(pos + j * 2L)))
                    : BinaryPrimitives.ReadInt32LittleEndian(bin.AsSpan((int)(pos + j * 4L)));
            sequences[i] = seq;
            pos += (long)sizes[i] * itemSize;
        }
        if (pos != bin.Length)
            throw new InvalidDataException($"{prefix}.bin: {bin.Length} bytes, the index covers {pos}");
        return new MegatronDataset(code, sequences, documentIndices);
    }
}

/// <summary>A Megatron indexed dataset read into memory.</summary>
/// <param name="DTypeCode">Megatron dtype code of the ids.</param>
/// <param name="Sequences">Token ids per sequence.</param>
/// <param name="DocumentIndices">Document boundaries into the sequences (first 0, last = sequence count).</param>
public sealed record MegatronDataset(byte DTypeCode, int[][] Sequences, long[] DocumentIndices);
