using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace YuLanData.Filters.Dedup;

/// <summary>
/// Reads one dedup file record by record, after checking its header against what the caller expects and its
/// length against the record count. The checksums are verified when the last record has been read:
/// <see cref="TryRead"/> throws <see cref="DedupFormatException"/> instead of returning false when they do not
/// match, so a caller that reads to the end never acts on a corrupted file.
/// </summary>
public sealed class DedupFileReader : IDisposable
{
    private readonly FileStream _file;
    private readonly BufferedStream _in;
    private readonly XxHash64 _bodyHash = new();
    private readonly byte[] _record;
    private readonly ulong _headerHash;
    private long _left;

    /// <param name="path">The file.</param>
    /// <param name="kind">The kind the caller needs.</param>
    /// <param name="recordSize">The record size the caller needs.</param>
    /// <param name="parameters">The parameter text the file must have been written with.</param>
    /// <param name="unit">The unit (task/band) the file must hold, or null to accept any.</param>
    public DedupFileReader(string path, DedupFileKind kind, int recordSize, string parameters, int? unit = null)
    {
        Path = path;
        try
        {
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        }
        catch (FileNotFoundException)
        {
            throw new DedupFormatException(path, $"missing (expected a {kind} file)");
        }
        _in = new BufferedStream(_file, 1 << 16);
        long length = _file.Length;
        Span<byte> fixedHeader = stackalloc byte[DedupFile.FixedHeaderSize];
        if (length < DedupFile.FixedHeaderSize + DedupFile.FooterSize || _in.ReadAtLeast(fixedHeader, fixedHeader.Length, false) < fixedHeader.Length)
            Fail($"truncated: {length} bytes is shorter than a header and footer");
        if (!fixedHeader[..4].SequenceEqual(DedupFile.Magic))
            Fail("not a dedup file (bad magic)");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader[4..]);
        if (version != DedupFile.Version)
            Fail($"format version {version}, this build reads version {DedupFile.Version}");
        var fileKind = (DedupFileKind)BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader[6..]);
        if (fileKind != kind)
            Fail($"holds {fileKind} records, expected {kind}");
        int size = BinaryPrimitives.ReadInt32LittleEndian(fixedHeader[8..]);
        if (size != recordSize)
            Fail($"record size {size}, expected {recordSize}");
        Unit = BinaryPrimitives.ReadInt32LittleEndian(fixedHeader[12..]);
        Count = BinaryPrimitives.ReadInt64LittleEndian(fixedHeader[16..]);
        int textLength = BinaryPrimitives.ReadInt32LittleEndian(fixedHeader[24..]);
        if (textLength < 0 || textLength > 1 << 20 || Count < 0)
            Fail("corrupted header");
        long expected = DedupFile.FixedHeaderSize + textLength + Count * (long)recordSize + DedupFile.FooterSize;
        if (length != expected)
            Fail(length < expected
                ? $"truncated: {length} bytes, its header promises {Count} records ({expected} bytes)"
                : $"{length - expected} unexpected bytes after {Count} records (expected {expected} bytes)");
        var header = new byte[DedupFile.FixedHeaderSize + textLength];
        fixedHeader.CopyTo(header);
        _in.ReadExactly(header.AsSpan(DedupFile.FixedHeaderSize));
        _headerHash = XxHash64.HashToUInt64(header);
        Parameters = Encoding.UTF8.GetString(header, DedupFile.FixedHeaderSize, textLength);
        if (Parameters != parameters)
            Fail($"written with other parameters:\n  file: {Parameters}\n  now:  {parameters}\n(delete the folder or rerun with the file's parameters)");
        if (unit is { } u && Unit != u)
            Fail($"holds unit {Unit}, expected {u} (misplaced file)");
        _record = new byte[recordSize];
        _left = Count;
        if (_left == 0)
            VerifyFooter();
    }

    public string Path { get; }

    public string Parameters { get; }

    public int Unit { get; }

    public long Count { get; }

    /// <summary>Reads the next record into a span valid until the next call; false at the end (after the checksums matched).</summary>
    public bool TryRead(out ReadOnlySpan<byte> record)
    {
        if (_left == 0)
        {
            record = default;
            return false;
        }
        _in.ReadExactly(_record);
        _bodyHash.Append(_record);
        _left--;
        if (_left == 0)
            VerifyFooter();
        record = _record;
        return true;
    }

    /// <summary>Reads the next <c>destination.Length / record size</c> records into <paramref name="destination"/>
    /// (checking the checksums if that reaches the end); throws when fewer are left.</summary>
    public void ReadRecords(Span<byte> destination)
    {
        if (destination.Length % _record.Length != 0)
            throw new ArgumentException($"{destination.Length} bytes is not a whole number of {_record.Length}-byte records");
        long records = destination.Length / _record.Length;
        if (records > _left)
            Fail($"truncated record stream: {records} records asked for, {_left} left");
        if (records == 0)
            return;
        _in.ReadExactly(destination);
        _bodyHash.Append(destination);
        _left -= records;
        if (_left == 0)
            VerifyFooter();
    }

    /// <summary>Records not read yet.</summary>
    public long Left => _left;

    private void VerifyFooter()
    {
        Span<byte> footer = stackalloc byte[DedupFile.FooterSize];
        _in.ReadExactly(footer);
        if (!footer[16..].SequenceEqual(DedupFile.EndMagic))
            Fail("corrupted footer (bad end magic)");
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer) != _headerHash)
            Fail("header checksum mismatch: the file is corrupted");
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer[8..]) != _bodyHash.GetCurrentHashAsUInt64())
            Fail("record checksum mismatch: the file is corrupted");
    }

    private void Fail(string problem)
    {
        Dispose();
        throw new DedupFormatException(Path, problem);
    }

    public void Dispose()
    {
        _in?.Dispose();
        _file?.Dispose();
    }
}
