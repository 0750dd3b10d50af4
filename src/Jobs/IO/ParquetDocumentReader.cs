using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>
/// Streams documents from a Parquet file one row group at a time. The text, id and source columns map to the
/// document; a string column named <c>metadata</c> holding a JSON object is merged into metadata; other
/// scalar columns (string, integers, floating point, bool) become metadata fields. Nested and list columns
/// are not read.
/// </summary>
internal static class ParquetDocumentReader
{
    public static IEnumerable<ReadResult> Read(InputSlice slice, ReaderOptions options)
    {
        ParquetReader? reader = null;
        string? openError = null;
        Stream? stream = null;
        try
        {
            stream = CompressedStreams.OpenFile(slice.Path);
            reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stream?.Dispose();
            openError = e.Message;
        }
        if (reader == null)
            return [FileError(slice, "unreadable_file", "not a readable Parquet file: " + openError)];
        return ReadRowGroups(slice, options, reader, stream!);
    }

    private static IEnumerable<ReadResult> ReadRowGroups(InputSlice slice, ReaderOptions options, ParquetReader reader, Stream stream)
    {
        try
        {
            foreach (var item in ReadRowGroups(slice, options, reader))
                yield return item;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stream.Dispose();
        }
    }

    private static IEnumerable<ReadResult> ReadRowGroups(InputSlice slice, ReaderOptions options, ParquetReader reader)
    {
        var fields = reader.Schema.Fields.OfType<DataField>().Where(f => !f.IsArray).ToArray();
        var textField = fields.FirstOrDefault(f => f.Name == options.TextField);
        if (textField == null || !IsString(textField))
        {
            long rows = reader.RowGroups.Sum(g => g.RowCount);
            yield return FileError(slice, "missing_text",
                $"no string column '{options.TextField}' (columns: {string.Join(", ", reader.Schema.GetDataFields().Select(f => f.Name))}); {rows} rows not read");
            yield break;
        }
        int end = slice.End < 0 ? reader.RowGroupCount : (int)Math.Min(slice.End, reader.RowGroupCount);
        if (reader.RowGroupCount == 0 && slice.IsWholeFile)
        {
            yield return FileError(slice, "empty_file", "file holds no row groups");
            yield break;
        }
        using var verifier = new ParquetPageVerifier(slice.Path);
        long row = slice.FirstLine;
        for (int g = (int)slice.Start; g < end; g++)
        {
            List<ReadResult> batch;
            var group = reader.Metadata?.RowGroups is { } groups && g < groups.Count ? groups[g] : null;
            long rows = reader.RowGroups[g].RowCount;
            string? problem = group == null ? "no row group metadata" : verifier.Verify(group);
            if (problem == null)
            {
                try
                {
                    batch = ReadRowGroup(slice, options, reader, g, fields, textField, row);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    problem = $"values cannot be decoded: {e.Message}";
                    batch = [];
                }
            }
            else
            {
                batch = [];
            }
            if (problem != null)
            {
                var (start, stop) = group == null ? (0L, 0L) : ParquetPageVerifier.Range(group);
                batch = [new ReadResult(null, new QuarantineRecord(new RecordLocation(slice.Path, Row: row),
                    $"row group {g} (rows {row}-{row + rows - 1}, bytes {start}-{stop}) failed verification: {problem}; its {rows} row(s) were not read",
                    "corrupt_row_group", IsFileLevel: true, ByteStart: start, ByteEnd: stop, RecordsLost: rows), 0)];
            }
            row += rows;
            foreach (var item in batch)
                yield return item;
        }
    }

    private static List<ReadResult> ReadRowGroup(InputSlice slice, ReaderOptions options, ParquetReader reader, int group,
        DataField[] fields, DataField textField, long firstRow)
    {
        using var rg = reader.OpenRowGroupReader(group);
        int n = checked((int)rg.RowCount);
        var columns = new Dictionary<string, Array>(fields.Length);
        foreach (var f in fields)
        {
            var column = ReadColumn(rg, f, n);
            if (column != null)
                columns[f.Name] = column;
        }
        var texts = (string?[])columns[textField.Name];
        var results = new List<ReadResult>(n);
        for (int i = 0; i < n; i++)
        {
            long row = firstRow + i;
            string? text = texts[i];
            if (text == null)
            {
                results.Add(new ReadResult(null, new QuarantineRecord(new RecordLocation(slice.Path, Row: row),
                    $"text column '{options.TextField}' is null", "missing_text"), 0));
                continue;
            }
            var metadata = new JsonObject();
            string? id = null;
            string source = slice.Path;
            foreach (var (name, values) in columns)
            {
                if (name == options.TextField)
                    continue;
                object? value = values.GetValue(i);
                if (name == options.IdField && value != null)
                    id = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                else if (name == options.SourceField && value is string s)
                    source = s;
                else if (name == "metadata" && value is string json && TryParseObject(json) is { } nested)
                    foreach (var (k, v) in nested.ToArray())
                    {
                        nested.Remove(k);
                        metadata[k] = v;
                    }
                else
                    metadata[name] = value == null ? null : JsonValue.Create(value);
            }
            results.Add(new ReadResult(new Document(id ?? DocumentJson.GeneratedId(slice.Path, row), text, source, metadata), null,
                System.Text.Encoding.UTF8.GetByteCount(text)));
        }
        return results;
    }

    private static JsonObject? TryParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static Array? ReadColumn(ParquetRowGroupReader rg, DataField f, int n)
    {
        if (IsString(f))
        {
            var values = new string?[n];
            rg.ReadAsync(f, values.AsMemory()!).AsTask().GetAwaiter().GetResult();
            return values;
        }
        return f.ClrType switch
        {
            var t when t == typeof(int) => Read<int>(rg, f, n),
            var t when t == typeof(long) => Read<long>(rg, f, n),
            var t when t == typeof(short) => Read<short>(rg, f, n),
            var t when t == typeof(float) => Read<float>(rg, f, n),
            var t when t == typeof(double) => Read<double>(rg, f, n),
            var t when t == typeof(bool) => Read<bool>(rg, f, n),
            _ => null,
        };
    }

    private static Array Read<T>(ParquetRowGroupReader rg, DataField f, int n) where T : struct
    {
        var values = new T?[n];
        rg.ReadAsync(f, values.AsMemory(), null, default).AsTask().GetAwaiter().GetResult();
        return values;
    }

    /// <summary>Parquet.Net 6 reports UTF-8 columns as <see cref="ReadOnlyMemory{T}"/> of char; older files as string.</summary>
    private static bool IsString(DataField f) => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>);

    private static ReadResult FileError(InputSlice slice, string kind, string message) =>
        new(null, new QuarantineRecord(new RecordLocation(slice.Path), message, kind, IsFileLevel: true), 0);
}
