using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace YuLanData.Filters.FastText;

/// <summary>SIMD helpers for training (prediction keeps fastText's scalar order for exact parity).</summary>
internal static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b[..a.Length]);
            var acc = Vector<float>.Zero;
            for (int v = 0; v < va.Length; v++)
                acc += va[v] * vb[v];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    /// <summary>dst += alpha × src.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Span<float> dst, ReadOnlySpan<float> src, float alpha)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && dst.Length >= Vector<float>.Count)
        {
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
            var vs = MemoryMarshal.Cast<float, Vector<float>>(src[..dst.Length]);
            var va = new Vector<float>(alpha);
            for (int v = 0; v < vd.Length; v++)
                vd[v] += va * vs[v];
            i = vd.Length * Vector<float>.Count;
        }
        for (; i < dst.Length; i++)
            dst[i] += alpha * src[i];
    }

    /// <summary>dst += src.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(Span<float> dst, ReadOnlySpan<float> src)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && dst.Length >= Vector<float>.Count)
        {
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
            var vs = MemoryMarshal.Cast<float, Vector<float>>(src[..dst.Length]);
            for (int v = 0; v < vd.Length; v++)
                vd[v] += vs[v];
            i = vd.Length * Vector<float>.Count;
        }
        for (; i < dst.Length; i++)
            dst[i] += src[i];
    }
}
