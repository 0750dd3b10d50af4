using System.Reflection;
using Parquet;
using Parquet.Meta;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>
/// Test-only views of a Parquet file's layout: its footer, row-group byte ranges and page CRCs (page headers are read
/// with Parquet.Net's internal Thrift reader, by reflection). <see cref="Add"/> rewrites a file in place with
/// <see cref="ParquetPageChecksumWriter"/>, the production code.
/// </summary>
public static class ParquetPageChecksums
{
    private static readonly Assembly ParquetAssembly = typeof(ParquetReader).Assembly;
    private static readonly System.Type ThriftReader = ParquetAssembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader", true)!;
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

    /// <summary>Rewrites <paramref name="path"/> in place with a CRC-32 in every page header (what
    /// <see cref="ParquetPageChecksumWriter"/> does for every file our writer closes).</summary>
    public static void Add(string path)
    {
        string temp = path + ".crc.tmp";
        ParquetPageChecksumWriter.Copy(path, temp);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Whether every page header of every column chunk carries a CRC-32, and how many pages there are.</summary>
    public static (int Pages, int WithCrc) CountPageCrcs(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var pageRead = typeof(PageHeader).GetMethod("Read", Internal | BindingFlags.Static)!;
        int pages = 0, withCrc = 0;
        foreach (var chunk in Metadata(path).RowGroups.SelectMany(g => g.Columns))
        {
            var m = chunk.MetaData!;
            long start = ChunkStart(m), end = start + m.TotalCompressedSize;
            for (long pos = start; pos < end;)
            {
                var headerStream = new MemoryStream(bytes, (int)pos, (int)(end - pos));
                var header = (PageHeader)pageRead.Invoke(null, [Activator.CreateInstance(ThriftReader, headerStream)])!;
                pages++;
                var data = bytes.AsSpan((int)(pos + headerStream.Position), header.CompressedPageSize);
                if (header.Crc is { } crc && crc == unchecked((int)Zlib.Crc32(0, data)))
                    withCrc++;
                pos += headerStream.Position + header.CompressedPageSize;
            }
        }
        return (pages, withCrc);
    }
}
