using Microsoft.Win32.SafeHandles;
using Parquet.Meta;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Checks a Parquet row group's bytes before its values are used: every column chunk must be a sequence of well-formed
/// pages that exactly fills the chunk's byte range, each page's CRC-32 must match where the writer stored one, and the
/// value counts in the page headers must agree with the footer's (a row count changed in the footer would otherwise
/// make rows vanish silently).
/// </summary>
internal sealed class ParquetPageVerifier : IDisposable
{
    private const int PageHeaderLimit = 16 << 20;
    private const short TypeField = 1, CompressedSizeField = 3, CrcField = 4, DataPageHeaderField = 5, DictionaryHeaderField = 7, DataPageV2Field = 8;
    private const int DictionaryPage = 2;

    private readonly SafeFileHandle _file;
    private readonly long _fileLength;
    private byte[] _buffer = new byte[1 << 16];

    /// <param name="path">The Parquet file.</param>
    public ParquetPageVerifier(string path)
    {
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        _fileLength = RandomAccess.GetLength(_file);
    }

    /// <summary>Pages whose CRC was checked, in all.</summary>
    public long CheckedPages { get; private set; }

    /// <summary>Pages without a stored CRC, in all.</summary>
    public long UncheckedPages { get; private set; }

    /// <summary>The byte range a row group's column chunks cover.</summary>
    public static (long Start, long End) Range(RowGroup group)
    {
        long start = long.MaxValue, end = 0;
        foreach (var c in group.Columns)
            if (c.MetaData is { } m)
            {
                start = Math.Min(start, ChunkStart(m));
                end = Math.Max(end, ChunkStart(m) + m.TotalCompressedSize);
            }
        return start == long.MaxValue ? (0, 0) : (start, end);
    }

    /// <summary>Null when the row group checks out; otherwise what is wrong.</summary>
    public string? Verify(RowGroup group)
    {
        try
        {
            foreach (var chunk in group.Columns)
            {
                string column = chunk.MetaData?.PathInSchema is { Count: > 0 } p ? string.Join('.', p) : "?";
                if (VerifyChunk(chunk, group.NumRows) is { } problem)
                    return $"column '{column}': {problem}";
            }
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
        catch (OverflowException)
        {
            return "a page header holds an out-of-range number";
        }
    }

    private string? VerifyChunk(ColumnChunk chunk, long rows)
    {
        if (chunk.MetaData is not { } m)
            return "no column metadata";
        long start = ChunkStart(m), end = start + m.TotalCompressedSize;
        if (start < 4 || m.TotalCompressedSize <= 0 || end > _fileLength)
            return $"byte range {start}-{end} lies outside the file ({_fileLength} bytes)";
        long values = 0;
        long pos = start;
        while (pos < end)
        {
            var page = ReadPageHeader(pos, end);
            long dataStart = pos + page.HeaderLength, dataEnd = dataStart + page.CompressedSize;
            if (page.CompressedSize < 0 || dataEnd > end)
                return $"page at byte {pos} runs past the column chunk's end";
            if (page.Crc is { } expected)
            {
                uint actual = Crc(dataStart, page.CompressedSize);
                if (actual != expected)
                    return $"page at byte {pos}: CRC-32 {actual:x8} does not match the stored {expected:x8}";
                CheckedPages++;
            }
            else
            {
                UncheckedPages++;
            }
            if (page.Type != DictionaryPage)
                values += page.Values;
            pos = dataEnd;
        }
        if (values != m.NumValues)
            return $"pages hold {values} values, the footer says {m.NumValues}";
        if (m.PathInSchema is { Count: 1 } && m.NumValues != rows)
            return $"{m.NumValues} values for {rows} rows";
        return null;
    }

    private readonly record struct PageInfo(int Type, int CompressedSize, uint? Crc, long Values, int HeaderLength);

    private PageInfo ReadPageHeader(long pos, long end)
    {
        int size = (int)Math.Min(_buffer.Length, end - pos);
        while (true)
        {
            int n = RandomAccess.Read(_file, _buffer.AsSpan(0, size), pos);
            try
            {
                return ParsePageHeader(_buffer.AsSpan(0, n));
            }
            catch (InvalidDataException) when (n == _buffer.Length && _buffer.Length < PageHeaderLimit && pos + n < end)
            {
                Array.Resize(ref _buffer, _buffer.Length * 4); // a header with large statistics: read more of it
                size = (int)Math.Min(_buffer.Length, end - pos);
            }
        }
    }

    private static PageInfo ParsePageHeader(ReadOnlySpan<byte> bytes)
    {
        var r = new ThriftCompactReader(bytes);
        int type = -1, compressed = -1;
        uint? crc = null;
        long values = 0;
        short id = 0;
        while (r.NextField(ref id, out byte t))
        {
            if (id == TypeField && t == ThriftCompactReader.I32)
                type = r.ReadI32();
            else if (id == CompressedSizeField && t == ThriftCompactReader.I32)
                compressed = r.ReadI32();
            else if (id == CrcField && t == ThriftCompactReader.I32)
                crc = unchecked((uint)r.ReadI32());
            else if (id is DataPageHeaderField or DictionaryHeaderField or DataPageV2Field && t == ThriftCompactReader.Struct)
                values = ReadNumValues(ref r);
            else
                r.Skip(t);
        }
        if (type < 0 || compressed < 0)
            throw new InvalidDataException("page header lacks its type or size");
        return new PageInfo(type, compressed, crc, values, r.Position);
    }

    /// <summary>Field 1 (num_values) of a data, dictionary or v2 data page header; the rest is skipped.</summary>
    private static long ReadNumValues(ref ThriftCompactReader r)
    {
        long values = -1;
        short id = 0;
        while (r.NextField(ref id, out byte t))
        {
            if (id == 1 && t == ThriftCompactReader.I32)
                values = r.ReadI32();
            else
                r.Skip(t, 1);
        }
        if (values < 0)
            throw new InvalidDataException("page header lacks its value count");
        return values;
    }

    private uint Crc(long start, int length)
    {
        uint crc = 0;
        var block = new byte[Math.Min(length, 1 << 20)];
        long pos = start;
        while (length > 0)
        {
            int n = RandomAccess.Read(_file, block.AsSpan(0, Math.Min(block.Length, length)), pos);
            if (n <= 0)
                throw new InvalidDataException("file ends inside a page");
            crc = Zlib.Crc32(crc, block.AsSpan(0, n));
            pos += n;
            length -= n;
        }
        return crc;
    }

    private static long ChunkStart(ColumnMetaData m) =>
        m.DictionaryPageOffset is > 0 and var d && d < m.DataPageOffset ? d : m.DataPageOffset;

    public void Dispose() => _file.Dispose();
}
