namespace YuLanData.Filters.FastText;

/// <summary>
/// fastText's product quantizer as stored in <c>.ftz</c> files: the vector is cut into <c>nsubq</c>
/// sub-vectors of <c>dsub</c> floats (the last one <c>lastdsub</c>), each replaced by one of 256 centroids.
/// </summary>
internal sealed class ProductQuantizer
{
    /// <summary>Centroids per sub-quantizer (fastText's <c>ksub_</c>).</summary>
    public const int CentroidCount = 256;

    private readonly float[] _centroids;

    private ProductQuantizer(int dim, int subquantizers, int subDim, int lastSubDim, float[] centroids)
    {
        Dim = dim;
        Subquantizers = subquantizers;
        SubDim = subDim;
        LastSubDim = lastSubDim;
        _centroids = centroids;
    }

    public int Dim { get; }

    public int Subquantizers { get; }

    public int SubDim { get; }

    public int LastSubDim { get; }

    /// <summary>Offset of centroid <paramref name="code"/> of sub-quantizer <paramref name="m"/> (fastText <c>get_centroids</c>).</summary>
    private int CentroidOffset(int m, byte code) =>
        m == Subquantizers - 1 ? m * CentroidCount * SubDim + code * LastSubDim : (m * CentroidCount + code) * SubDim;

    /// <summary>First value of a centroid (used for the 1-D norm quantizer).</summary>
    public float Scalar(byte code) => _centroids[CentroidOffset(0, code)];

    /// <summary>x += alpha × decoded row (fastText <c>addcode</c>).</summary>
    public void AddCode(Span<float> x, ReadOnlySpan<byte> code, float alpha)
    {
        int d = SubDim;
        for (int m = 0; m < Subquantizers; m++)
        {
            int c = CentroidOffset(m, code[m]);
            if (m == Subquantizers - 1)
                d = LastSubDim;
            int b = m * SubDim;
            for (int n = 0; n < d; n++)
                x[b + n] += alpha * _centroids[c + n];
        }
    }

    /// <summary>alpha × (x · decoded row) (fastText <c>mulcode</c>).</summary>
    public float MulCode(ReadOnlySpan<float> x, ReadOnlySpan<byte> code, float alpha)
    {
        float res = 0f;
        int d = SubDim;
        for (int m = 0; m < Subquantizers; m++)
        {
            int c = CentroidOffset(m, code[m]);
            if (m == Subquantizers - 1)
                d = LastSubDim;
            int b = m * SubDim;
            for (int n = 0; n < d; n++)
                res += x[b + n] * _centroids[c + n];
        }
        return res * alpha;
    }

    public static ProductQuantizer Read(ModelFileReader reader, string what)
    {
        int dim = reader.ReadInt32($"{what} dim");
        int nsubq = reader.ReadInt32($"{what} sub-quantizer count");
        int dsub = reader.ReadInt32($"{what} sub-vector size");
        int lastdsub = reader.ReadInt32($"{what} last sub-vector size");
        if (dim <= 0 || dim > 1 << 16 || dsub <= 0 || lastdsub <= 0 || nsubq <= 0 || lastdsub > dsub
            || (long)(nsubq - 1) * dsub + lastdsub != dim)
            throw reader.Error($"{what} has inconsistent shape dim={dim} nsubq={nsubq} dsub={dsub} lastdsub={lastdsub}");
        var centroids = new float[dim * CentroidCount];
        reader.ReadFloats(centroids, $"{what} centroids ({dim}×{CentroidCount} floats)");
        return new ProductQuantizer(dim, nsubq, dsub, lastdsub, centroids);
    }

    public void Write(ModelFileWriter writer)
    {
        writer.WriteInt32(Dim);
        writer.WriteInt32(Subquantizers);
        writer.WriteInt32(SubDim);
        writer.WriteInt32(LastSubDim);
        writer.WriteFloats(_centroids);
    }
}
