using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>x += alpha × decoded row (fastText <c>addcode</c>; same float operations in the same order).</summary>
    public void AddCode(Span<float> x, ReadOnlySpan<byte> code, float alpha)
    {
        if (x.Length < Dim || code.Length < Subquantizers)
            throw new ArgumentException("vector or code too short for this quantizer");
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref byte cs = ref MemoryMarshal.GetReference(code);
        ref float cents = ref MemoryMarshal.GetArrayDataReference(_centroids);
        int last = Subquantizers - 1;
        if (SubDim == 2)
        {
            for (int m = 0; m < last; m++)
            {
                ref float c = ref Unsafe.Add(ref cents, (m * CentroidCount + Unsafe.Add(ref cs, m)) * 2);
                ref float xm = ref Unsafe.Add(ref xs, m * 2);
                xm += alpha * c;
                Unsafe.Add(ref xm, 1) += alpha * Unsafe.Add(ref c, 1);
            }
        }
        else
        {
            for (int m = 0; m < last; m++)
            {
                ref float c = ref Unsafe.Add(ref cents, (m * CentroidCount + Unsafe.Add(ref cs, m)) * SubDim);
                ref float xm = ref Unsafe.Add(ref xs, m * SubDim);
                for (int n = 0; n < SubDim; n++)
                    Unsafe.Add(ref xm, n) += alpha * Unsafe.Add(ref c, n);
            }
        }
        ref float cl = ref Unsafe.Add(ref cents, last * CentroidCount * SubDim + Unsafe.Add(ref cs, last) * LastSubDim);
        ref float xl = ref Unsafe.Add(ref xs, last * SubDim);
        for (int n = 0; n < LastSubDim; n++)
            Unsafe.Add(ref xl, n) += alpha * Unsafe.Add(ref cl, n);
    }

    /// <summary>alpha × (x · decoded row) (fastText <c>mulcode</c>; same float operations in the same order).</summary>
    public float MulCode(ReadOnlySpan<float> x, ReadOnlySpan<byte> code, float alpha)
    {
        if (x.Length < Dim || code.Length < Subquantizers)
            throw new ArgumentException("vector or code too short for this quantizer");
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref byte cs = ref MemoryMarshal.GetReference(code);
        ref float cents = ref MemoryMarshal.GetArrayDataReference(_centroids);
        float res = 0f;
        int last = Subquantizers - 1;
        for (int m = 0; m < last; m++)
        {
            ref float c = ref Unsafe.Add(ref cents, (m * CentroidCount + Unsafe.Add(ref cs, m)) * SubDim);
            ref float xm = ref Unsafe.Add(ref xs, m * SubDim);
            for (int n = 0; n < SubDim; n++)
                res += Unsafe.Add(ref xm, n) * Unsafe.Add(ref c, n);
        }
        ref float cl = ref Unsafe.Add(ref cents, last * CentroidCount * SubDim + Unsafe.Add(ref cs, last) * LastSubDim);
        ref float xl = ref Unsafe.Add(ref xs, last * SubDim);
        for (int n = 0; n < LastSubDim; n++)
            res += Unsafe.Add(ref xl, n) * Unsafe.Add(ref cl, n);
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
        reader.EnsureAvailable((long)dim * CentroidCount * sizeof(float), $"{what} centroids");
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
