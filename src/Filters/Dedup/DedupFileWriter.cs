using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace YuLanData.Filters.Dedup;

/// <summary>
/// Writes one dedup file (<see cref="DedupFile"/> layout) to <c>{path}.partial</c>; <see cref="Commit"/> writes
/// the footer and renames it to <paramref name="path"/>, so a finished file either exists whole or not at all.
/// Disposing without committing deletes the partial file.
/// </summary>
public sealed class DedupFileWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly BufferedStream _out;
    private readonly XxHash64 _bodyHash = new();
    private readonly byte[] _header;
    private readonly int _recordSize;
    private readonly byte[] _record;
    private long _count;
    private bool _done;

    /// <param name="path">The final path.</param>
    /// <param name="kind">What the file holds.</param>
    /// <param name="recordSize">Bytes per record.</param>
    /// <param name="unit">Task or band index, -1 for none.</param>
    /// <param name="parameters">The parameter text readers must match.</param>
    public DedupFileWriter(string path, DedupFileKind kind, int recordSize, int unit, string parameters)
    {
        Path = path;
        PartialPath = path + ".partial";
        _recordSize = recordSize;
        _record = new byte[recordSize];
        byte[] text = Encoding.UTF8.GetBytes(parameters);
        _header = new byte[DedupFile.FixedHeaderSize + text.Length];
        DedupFile.Magic.CopyTo(_header);
        BinaryPrimitives.WriteUInt16LittleEndian(_header.AsSpan(4), DedupFile.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(_header.AsSpan(6), (ushort)kind);
        BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(8), recordSize);
        BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(12), unit);
        BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(24), text.Length);
        text.CopyTo(_header, DedupFile.FixedHeaderSize);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _file = new FileStream(PartialPath, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        _out = new BufferedStream(_file, 1 << 16);
        _out.Write(_header);
    }

    public string Path { get; }

    public string PartialPath { get; }

    public long Count => _count;

    /// <summary>A scratch span for the next record; fill it, then call <see cref="Append()"/>.</summary>
    public Span<byte> Next => _record;

    /// <summary>Appends the record last written into <see cref="Next"/>.</summary>
    public void Append() => Append(_record);

    public void Append(ReadOnlySpan<byte> record)
    {
        if (record.Length != _recordSize)
            throw new ArgumentException($"record of {record.Length} bytes, file records are {_recordSize}");
        _out.Write(record);
        _bodyHash.Append(record);
        _count++;
    }

    /// <summary>Appends several records at once; <paramref name="records"/> holds a whole number of them.</summary>
    public void AppendRecords(ReadOnlySpan<byte> records)
    {
        if (records.Length % _recordSize != 0)
            throw new ArgumentException($"{records.Length} bytes is not a whole number of {_recordSize}-byte records");
        _out.Write(records);
        _bodyHash.Append(records);
        _count += records.Length / _recordSize;
    }

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Commit()
    {
        BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(16), _count);
        Span<byte> footer = stackalloc byte[DedupFile.FooterSize];
        BinaryPrimitives.WriteUInt64LittleEndian(footer, XxHash64.HashToUInt64(_header));
        BinaryPrimitives.WriteUInt64LittleEndian(footer[8..], _bodyHash.GetCurrentHashAsUInt64());
        DedupFile.EndMagic.CopyTo(footer[16..]);
        _out.Write(footer);
        _out.Flush();
        _file.Position = 0;
        _file.Write(_header);
        _file.Dispose();
        _done = true;
        File.Move(PartialPath, Path, overwrite: true);
    }

    public void Dispose()
    {
        if (_done)
            return;
        _out.Dispose();
        _file.Dispose();
        _done = true;
        File.Delete(PartialPath);
    }
}
