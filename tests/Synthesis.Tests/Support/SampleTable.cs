using Parquet;
using Parquet.Schema;

namespace YuLanData.Synthesis.Tests;

/// <summary>All rows of a job's part files, column by column, read back with Parquet.Net.</summary>
internal sealed class SampleTable
{
    private readonly Dictionary<string, List<object?>> _columns = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public IReadOnlyList<string> Columns => _columns.Keys.ToArray();

    public static SampleTable Read(string output)
    {
        var table = new SampleTable();
        foreach (var file in Directory.GetFiles(output, "part-*.parquet").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                var n = (int)rg.RowCount;
                foreach (var f in reader.Schema.GetDataFields())
                {
                    if (!table._columns.TryGetValue(f.Name, out var list)) table._columns[f.Name] = list = [];
                    list.AddRange(ReadColumn(rg, f, n));
                }
                table.Count += n;
            }
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
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
