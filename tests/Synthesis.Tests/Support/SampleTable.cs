using Parquet;
using Parquet.Schema;

namespace YuLanData.Synthesis.Tests;

/// <summary>All rows of a job's part files, column by column, read back with Parquet.Net.</summary>
internal sealed class SampleTable
{
    private readonly Dictionary<string, List<object?>> _columns = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public IReadOnlyList<string> Columns => _columns.Keys.ToArray();

    /// <summary>The rows of <c>accepted/</c> and <c>rejected/</c> together, by part and then by sample id (the order generated).</summary>
    public static SampleTable Read(string output)
    {
        var rows = new List<(string Part, Dictionary<string, object?> Row)>();
        foreach (var folder in new[] { "accepted", "rejected" })
        {
            var dir = Path.Combine(output, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.GetFiles(dir, "part-*.parquet"))
            {
                using var stream = File.OpenRead(file);
                var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var rg = reader.OpenRowGroupReader(g);
                    var n = (int)rg.RowCount;
                    var group = Enumerable.Range(0, n).Select(_ => new Dictionary<string, object?>(StringComparer.Ordinal)).ToArray();
                    foreach (var f in reader.Schema.GetDataFields())
                    {
                        var values = ReadColumn(rg, f, n).ToArray();
                        for (var i = 0; i < n; i++) group[i][f.Name] = values[i];
                    }
                    rows.AddRange(group.Select(r => (Path.GetFileName(file), r)));
                }
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        var table = new SampleTable();
        foreach (var (_, row) in rows.OrderBy(r => r.Part, StringComparer.Ordinal).ThenBy(r => (string)r.Row["id"]!, StringComparer.Ordinal))
        {
            foreach (var (k, v) in row)
            {
                if (!table._columns.TryGetValue(k, out var list)) table._columns[k] = list = [];
                list.Add(v);
            }
            table.Count++;
        }
        return table;
    }

    public T Get<T>(string column, int row) => (T)_columns[column][row]!;

    public string? Text(string column, int row) => (string?)_columns[column][row];

    private static IEnumerable<object?> ReadColumn(ParquetRowGroupReader rg, DataField f, int n)
    {
        if (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[n];
            rg.ReadAsync(f, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            return values;
        }
        if (f.ClrType == typeof(int)) return Read<int>(rg, f, n);
        if (f.ClrType == typeof(long)) return Read<long>(rg, f, n);
        if (f.ClrType == typeof(double)) return Read<double>(rg, f, n);
        if (f.ClrType == typeof(bool)) return Read<bool>(rg, f, n);
        throw new NotSupportedException($"column {f.Name} of type {f.ClrType}");
    }

    private static IEnumerable<object?> Read<T>(ParquetRowGroupReader rg, DataField f, int n) where T : struct
    {
        var values = new T[n];
        rg.ReadAsync(f, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        return values.Select(v => (object?)v);
    }
}
