namespace YuLanData.Filters.FastText;

/// <summary>
/// A product-quantized matrix (fastText <c>QuantMatrix</c>): one byte code per sub-vector per row, and
/// optionally each row's norm quantized separately (<c>qnorm</c>).
/// </summary>
internal sealed class QuantizedMatrix : FastTextMatrix
{
    private readonly int _rows;
    private readonly byte[] _codes;
    private readonly ProductQuantizer _pq;
    private readonly byte[]? _normCodes;
    private readonly ProductQuantizer? _normPq;

    private QuantizedMatrix(int rows, byte[] codes, ProductQuantizer pq, byte[]? normCodes, ProductQuantizer? normPq)
    {
        _rows = rows;
        _codes = codes;
        _pq = pq;
        _normCodes = normCodes;
        _normPq = normPq;
    }

    public override long Rows => _rows;

    public override int Columns => _pq.Dim;

    private float Norm(int row) => _normPq is null ? 1f : _normPq.Scalar(_normCodes![row]);

    private ReadOnlySpan<byte> Code(int row) => _codes.AsSpan(row * _pq.Subquantizers, _pq.Subquantizers);

    public override void AddRowTo(Span<float> x, int row) => _pq.AddCode(x, Code(row), Norm(row));

    public override float DotRow(ReadOnlySpan<float> x, int row) => _pq.MulCode(x, Code(row), Norm(row));

    public static QuantizedMatrix Read(ModelFileReader reader, string what)
    {
        bool qnorm = reader.ReadBool($"{what} qnorm flag");
        long m = reader.ReadInt64($"{what} row count");
        long n = reader.ReadInt64($"{what} column count");
        int codeSize = reader.ReadInt32($"{what} code size");
        if (m < 0 || m > int.MaxValue || n <= 0 || n > 1 << 16 || codeSize < 0)
            throw reader.Error($"{what} has unsupported shape {m}×{n} (code size {codeSize})");
        reader.EnsureAvailable(codeSize, $"{what} codes");
        var codes = new byte[codeSize];
        reader.ReadBytes(codes, $"{what} codes ({codeSize} bytes)");
        var pq = ProductQuantizer.Read(reader, $"{what} product quantizer");
        if (pq.Dim != n || (long)pq.Subquantizers * m != codeSize)
            throw reader.Error($"{what}: quantizer dim {pq.Dim} × {pq.Subquantizers} sub-quantizers does not fit {m}×{n} with {codeSize} code bytes");
        byte[]? normCodes = null;
        ProductQuantizer? normPq = null;
        if (qnorm)
        {
            normCodes = new byte[m];
            reader.ReadBytes(normCodes, $"{what} norm codes ({m} bytes)");
            normPq = ProductQuantizer.Read(reader, $"{what} norm quantizer");
            if (normPq.Dim != 1)
                throw reader.Error($"{what}: norm quantizer has dim {normPq.Dim}, expected 1");
        }
        return new QuantizedMatrix((int)m, codes, pq, normCodes, normPq);
    }

    public override void Write(ModelFileWriter writer)
    {
        writer.WriteByte(_normPq is null ? (byte)0 : (byte)1);
        writer.WriteInt64(_rows);
        writer.WriteInt64(_pq.Dim);
        writer.WriteInt32(_codes.Length);
        writer.WriteBytes(_codes);
        _pq.Write(writer);
        if (_normPq is not null)
        {
            writer.WriteBytes(_normCodes);
            _normPq.Write(writer);
        }
    }
}
