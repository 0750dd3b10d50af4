namespace YuLanData.Filters.FastText;

/// <summary>A dense row-major float matrix (fastText <c>DenseMatrix</c>).</summary>
internal sealed class DenseMatrix : FastTextMatrix
{
    private readonly int _rows;
    private readonly int _columns;

    /// <param name="rows">Row count.</param>
    /// <param name="columns">Column count.</param>
    /// <param name="data">Row-major values; length rows × columns. Owned by the matrix (training updates it in place).</param>
    public DenseMatrix(int rows, int columns, float[] data)
    {
        if ((long)rows * columns != data.LongLength)
            throw new ArgumentException($"data has {data.LongLength} values, expected {rows}×{columns}", nameof(data));
        _rows = rows;
        _columns = columns;
        Data = data;
    }

    /// <summary>The row-major values (mutable: training writes them).</summary>
    public float[] Data { get; }

    public override long Rows => _rows;

    public override int Columns => _columns;

    public Span<float> Row(int row) => Data.AsSpan(row * _columns, _columns);

    public override void AddRowTo(Span<float> x, int row)
    {
        var r = Data.AsSpan(row * _columns, _columns);
        for (int j = 0; j < r.Length; j++)
            x[j] += r[j];
    }

    public override float DotRow(ReadOnlySpan<float> x, int row)
    {
        var r = Data.AsSpan(row * _columns, _columns);
        float d = 0f;
        for (int j = 0; j < r.Length; j++)
            d += r[j] * x[j];
        return d;
    }

    public static DenseMatrix Read(ModelFileReader reader, string what)
    {
        long m = reader.ReadInt64($"{what} row count");
        long n = reader.ReadInt64($"{what} column count");
        if (m < 0 || n <= 0 || n > 1 << 20 || m > int.MaxValue || m * n > 0x7FFFFFC7)
            throw reader.Error($"{what} has unsupported shape {m}×{n}");
        reader.EnsureAvailable(m * n * sizeof(float), $"{what} values ({m}×{n} floats)");
        var data = new float[m * n];
        reader.ReadFloats(data, $"{what} values ({m}×{n} floats)");
        return new DenseMatrix((int)m, (int)n, data);
    }

    public override void Write(ModelFileWriter writer)
    {
        writer.WriteInt64(_rows);
        writer.WriteInt64(_columns);
        writer.WriteFloats(Data);
    }
}
