using System.Reflection;
using Parquet;
using Parquet.Meta;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Copies a finished Parquet file page by page into a new file whose every page header carries a CRC-32 (as the
/// Parquet spec defines it: over the page's bytes as stored, after its header; i32 field 4 of <c>PageHeader</c>),
/// then writes the footer with the moved offsets and sizes. Parquet.Net 6.1 has no option to write page CRCs; its
/// Thrift structures are read and written here with its internal methods, reached by reflection (the package is
/// pinned). Memory is bounded by one page; the same input bytes give the same output bytes.
/// </summary>
internal static class ParquetPageChecksumWriter
{
    private const int StreamBuffer = 1 << 20;

    private sealed record Thrift(ConstructorInfo Reader, ConstructorInfo Writer, MethodInfo ReadPageHeader,
        MethodInfo WritePageHeader, MethodInfo WriteFileMetaData);

    private static readonly Lazy<Thrift> Methods = new(Resolve);

    /// <summary>Writes <paramref name="destination"/>: <paramref name="source"/> (a Parquet file without page
    /// indexes, such as Parquet.Net writes) with a CRC-32 in every page header.</summary>
    /// <param name="source">The finished Parquet file to copy; left unchanged.</param>
    /// <param name="destination">The file to create (replaced if it exists).</param>
    public static void Copy(string source, string destination)
    {
        var thrift = Methods.Value;
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, StreamBuffer);
        var meta = ReadMetadata(input);
        using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, StreamBuffer);
        output.Write("PAR1"u8);
        byte[] page = [];
        foreach (var group in meta.RowGroups)
        {
            long groupStart = output.Position;
            foreach (var chunk in group.Columns)
            {
                var m = chunk.MetaData ?? throw new InvalidDataException($"{source}: a column chunk has no metadata");
                if (chunk.OffsetIndexOffset != null || chunk.ColumnIndexOffset != null || m.BloomFilterOffset != null)
                    throw new NotSupportedException($"{source}: page indexes and bloom filters would need moving too");
                long start = ChunkStart(m), end = start + m.TotalCompressedSize, newStart = output.Position;
                long? newDictionary = null, newData = null;
                input.Position = start;
                while (input.Position < end)
                {
                    long headerStart = input.Position;
                    var header = (PageHeader)thrift.ReadPageHeader.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [thrift.Reader.Invoke([input])], null)!;
                    int size = header.CompressedPageSize;
                    if (size < 0 || input.Position + size > end)
                        throw new InvalidDataException($"{source}: page at byte {headerStart} of {size} bytes overruns its column chunk");
                    if (page.Length < size)
                        page = new byte[size];
                    input.ReadExactly(page, 0, size);
                    header.Crc = unchecked((int)Zlib.Crc32(0, page.AsSpan(0, size)));
                    if (header.Type == PageType.DICTIONARY_PAGE)
                        newDictionary ??= output.Position;
                    else
                        newData ??= output.Position;
                    thrift.WritePageHeader.Invoke(header, BindingFlags.DoNotWrapExceptions, null, [thrift.Writer.Invoke([output])], null);
                    output.Write(page, 0, size);
                }
                if (newData == null)
                    throw new InvalidDataException($"{source}: a column chunk holds no data page");
                if (chunk.FileOffset == m.DataPageOffset)
                    chunk.FileOffset = newData.Value;
                else if (chunk.FileOffset == start)
                    chunk.FileOffset = newStart;
                m.DataPageOffset = newData.Value;
                if (m.DictionaryPageOffset != null)
                    m.DictionaryPageOffset = newDictionary ?? m.DictionaryPageOffset;
                m.TotalCompressedSize = output.Position - newStart;
            }
            group.FileOffset = groupStart;
            group.TotalCompressedSize = output.Position - groupStart;
        }
        long footerStart = output.Position;
        thrift.WriteFileMetaData.Invoke(meta, BindingFlags.DoNotWrapExceptions, null, [thrift.Writer.Invoke([output])], null);
        output.Write(BitConverter.GetBytes(checked((int)(output.Position - footerStart))));
        output.Write("PAR1"u8);
    }

    /// <summary>Where a column chunk's first page starts: its dictionary page when it has one.</summary>
    private static long ChunkStart(ColumnMetaData m) =>
        m.DictionaryPageOffset is > 0 and var d && d < m.DataPageOffset ? d : m.DataPageOffset;

    private static FileMetaData ReadMetadata(FileStream input)
    {
        var reader = ParquetReader.CreateAsync(input, leaveStreamOpen: true).GetAwaiter().GetResult();
        try
        {
            return reader.Metadata ?? throw new InvalidDataException($"{input.Name}: no footer metadata");
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static Thrift Resolve()
    {
        var assembly = typeof(ParquetReader).Assembly;
        const BindingFlags Any = BindingFlags.NonPublic | BindingFlags.Public;
        var readerType = assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader");
        var writerType = assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolWriter");
        var reader = readerType?.GetConstructor(Any | BindingFlags.Instance, [typeof(Stream)]);
        var writer = writerType?.GetConstructor(Any | BindingFlags.Instance, [typeof(Stream)]);
        var read = readerType == null ? null : typeof(PageHeader).GetMethod("Read", Any | BindingFlags.Static, [readerType]);
        var writePage = writerType == null ? null : typeof(PageHeader).GetMethod("Write", Any | BindingFlags.Instance, [writerType]);
        var writeMeta = writerType == null ? null : typeof(FileMetaData).GetMethod("Write", Any | BindingFlags.Instance, [writerType]);
        if (reader == null || writer == null || read == null || writePage == null || writeMeta == null)
            throw new InvalidOperationException(
                $"Parquet page CRCs are written with Parquet.Net 6.1.0's internal Thrift methods (ThriftCompactProtocolReader/Writer, " +
                $"PageHeader.Read/Write, FileMetaData.Write), which {assembly.GetName().Name} {assembly.GetName().Version} lacks: " +
                "pin Parquet.Net 6.1.0 or port ParquetPageChecksumWriter");
        return new Thrift(reader, writer, read, writePage, writeMeta);
    }
}
