using Parquet;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Splits a pipeline's inputs into tasks, independently of the worker count: one task per file, in the
/// pipeline's stable file order, except that plain JSONL and multi-row-group Parquet files larger than the split
/// size become several tasks (JSONL by byte ranges cut at line starts, with their first line numbers; Parquet by
/// row-group ranges). Compressed JSONL cannot be entered mid-stream and stays one task.
/// </summary>
public static class TaskPlanner
{
    private const int ScanBlock = 4 << 20;

    public static IReadOnlyList<InputSlice> Plan(IReadOnlyList<string> files, long splitBytes)
    {
        var tasks = new List<InputSlice>();
        foreach (var file in files)
        {
            var format = FileFormats.FromPath(file)!.Value;
            long size = new FileInfo(file).Length;
            if (splitBytes <= 0 || size <= splitBytes)
                tasks.Add(new InputSlice(file, format));
            else if (format == FileFormat.Jsonl)
                tasks.AddRange(SplitJsonl(file, size, splitBytes));
            else if (format == FileFormat.Parquet)
                tasks.AddRange(SplitParquet(file, splitBytes));
            else
                tasks.Add(new InputSlice(file, format));
        }
        return tasks;
    }

    private static IEnumerable<InputSlice> SplitJsonl(string file, long size, long splitBytes)
    {
        using var handle = File.OpenHandle(file);
        var buffer = new byte[ScanBlock];
        long chunkStart = 0, chunkFirstLine = 1, lineNumber = 1, position = 0;
        var slices = new List<InputSlice>();
        while (position < size)
        {
            int n = RandomAccess.Read(handle, buffer, position);
            if (n == 0)
                break;
            var block = buffer.AsSpan(0, n);
            int offset = 0;
            while (true)
            {
                long target = chunkStart + splitBytes;
                int searchFrom = (int)Math.Max(offset, Math.Min(n, target - position));
                if (target - position >= n)
                    break;
                int nl = block[searchFrom..].IndexOf((byte)'\n');
                if (nl < 0)
                    break;
                int cut = searchFrom + nl + 1;
                lineNumber += block[offset..cut].Count((byte)'\n');
                offset = cut;
                long boundary = position + cut;
                if (boundary >= size)
                    break;
                slices.Add(new InputSlice(file, FileFormat.Jsonl, chunkStart, boundary, chunkFirstLine));
                chunkStart = boundary;
                chunkFirstLine = lineNumber;
            }
            lineNumber += block[offset..].Count((byte)'\n');
            position += n;
        }
        slices.Add(new InputSlice(file, FileFormat.Jsonl, chunkStart, -1, chunkFirstLine));
        if (slices.Count == 1)
            slices[0] = new InputSlice(file, FileFormat.Jsonl);
        return slices;
    }

    private static IEnumerable<InputSlice> SplitParquet(string file, long splitBytes)
    {
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            return [new InputSlice(file, FileFormat.Parquet)];
        }
        try
        {
            return SplitRowGroups(file, reader, splitBytes);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<InputSlice> SplitRowGroups(string file, ParquetReader reader, long splitBytes)
    {
        var groups = reader.Metadata?.RowGroups;
        if (groups == null || groups.Count <= 1)
            return [new InputSlice(file, FileFormat.Parquet)];
        var slices = new List<InputSlice>();
        int start = 0;
        long bytes = 0, firstRow = 0, row = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            bytes += groups[g].TotalCompressedSize ?? groups[g].TotalByteSize;
            row += groups[g].NumRows;
            if (bytes >= splitBytes && g + 1 < groups.Count)
            {
                slices.Add(new InputSlice(file, FileFormat.Parquet, start, g + 1, firstRow));
                start = g + 1;
                firstRow = row;
                bytes = 0;
            }
        }
        slices.Add(new InputSlice(file, FileFormat.Parquet, start, slices.Count == 0 ? -1 : groups.Count, firstRow));
        if (slices.Count == 1)
            slices[0] = new InputSlice(file, FileFormat.Parquet);
        return slices;
    }
}
