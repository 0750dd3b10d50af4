using System.Reflection;
using Parquet;
using Parquet.Meta;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>
/// Test-only: rewrites a Parquet file with a CRC-32 in every page header (as the Parquet spec defines it: over the
/// page's bytes as stored, after its header), moving pages and fixing the footer's offsets. Parquet.Net reads and writes
/// its Thrift structures with internal methods, reached here by reflection; no other Parquet writer that adds page CRCs
/// is installable on this machine (Debian has no python3-pyarrow).
/// </summary>
public static class ParquetPageChecksums
{
    private static readonly Assembly ParquetAssembly = typeof(ParquetReader).Assembly;
    private static readonly System.Type ThriftReader = ParquetAssembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader", true)!;
    private static readonly System.Type ThriftWriter = ParquetAssembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolWriter", true)!;
    private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Public;

    public static FileMetaData Metadata(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return reader.Metadata!;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Byte range of each row group: from its first column chunk's first page to its last chunk's end.</summary>
    public static List<(long Start, long End)> RowGroupRanges(string path) =>
        Metadata(path).RowGroups.Select(g => (
            g.Columns.Min(c => ChunkStart(c.MetaData!)),
            g.Columns.Max(c => ChunkStart(c.MetaData!) + c.MetaData!.TotalCompressedSize))).ToList();

    private static long ChunkStart(ColumnMetaData m) =>
        m.DictionaryPageOffset is > 0 and var d && d < m.DataPageOffset ? d : m.DataPageOffset;

    public static void Add(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var meta = Metadata(path);
        var output = new MemoryStream();
        output.Write("PAR1"u8);
        var pageRead = typeof(PageHeader).GetMethod("Read", Internal | BindingFlags.Static)!;
        var pageWrite = typeof(PageHeader).GetMethod("Write", Internal | BindingFlags.Instance)!;
        foreach (var group in meta.RowGroups)
        {
            long groupStart = output.Position;
            foreach (var chunk in group.Columns)
            {
                var m = chunk.MetaData!;
                if (chunk.OffsetIndexOffset != null || chunk.ColumnIndexOffset != null)
                    throw new NotSupportedException("page indexes would need rewriting too");
                long start = ChunkStart(m), end = start + m.TotalCompressedSize, newStart = output.Position;
                long? newDictionary = null, newData = null;
                for (long pos = start; pos < end;)
                {
                    var headerStream = new MemoryStream(bytes, (int)pos, (int)(end - pos));
                    var header = (PageHeader)pageRead.Invoke(null, [Activator.CreateInstance(ThriftReader, headerStream)])!;
                    int headerLength = (int)headerStream.Position;
                    var data = bytes.AsSpan((int)(pos + headerLength), header.CompressedPageSize);
                    header.Crc = unchecked((int)Zlib.Crc32(0, data));
                    if (header.Type == PageType.DICTIONARY_PAGE)
                        newDictionary ??= output.Position;
                    else
                        newData ??= output.Position;
                    pageWrite.Invoke(header, [Activator.CreateInstance(ThriftWriter, output)]);
                    output.Write(data);
                    pos += headerLength + header.CompressedPageSize;
                }
                if (chunk.FileOffset == m.DataPageOffset)
                    chunk.FileOffset = newData!.Value;
                else if (chunk.FileOffset == start)
                    chunk.FileOffset = newStart;
                m.DataPageOffset = newData!.Value;
                if (m.DictionaryPageOffset != null)
                    m.DictionaryPageOffset = newDictionary ?? m.DictionaryPageOffset;
                m.TotalCompressedSize = output.Position - newStart;
            }
            group.FileOffset = groupStart;
            group.TotalCompressedSize = output.Position - groupStart;
        }
        var footer = new MemoryStream();
        typeof(FileMetaData).GetMethod("Write", Internal | BindingFlags.Instance)!.Invoke(meta, [Activator.CreateInstance(ThriftWriter, footer)]);
        output.Write(footer.ToArray());
        output.Write(BitConverter.GetBytes((int)footer.Length));
        output.Write("PAR1"u8);
        File.WriteAllBytes(path, output.ToArray());
    }
}
