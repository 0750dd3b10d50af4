using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using YuLanData.Filters.Text;

namespace YuLanData.Filters.Dedup;

/// <summary>
/// Computes MinHash signatures and their LSH band keys. Shingles are hashed with XXH3-64 of their UTF-8 bytes
/// (word n-grams joined by one space, as datatrove joins them); each of the <see cref="MinHashParameters.HashCount"/>
/// permutations is <c>((s * a + b) mod 2^64) mod (2^61 - 1)</c> (the same wrap-around arithmetic as datatrove's
/// numpy uint64 code), with a in [1, p) and b in [0, p) drawn from a SplitMix64 stream of the seed. A band key is
/// XXH3-128 of the band's row values (little-endian). Thread-safe; allocation per document only for its buffers.
/// </summary>
public sealed class MinHasher
{
    private const ulong MersennePrime = (1UL << 61) - 1;
    private readonly ulong[] _a;
    private readonly ulong[] _b;
    private readonly bool _sha1;

    public MinHasher(MinHashParameters parameters)
    {
        parameters.Validate();
        Parameters = parameters;
        _a = new ulong[parameters.HashCount];
        _b = new ulong[parameters.HashCount];
        _sha1 = parameters.Scheme == HashScheme.Datatrove;
        if (_sha1)
        {
            var mt = new NumpyMt19937((uint)parameters.Seed);
            for (int i = 0; i < _a.Length; i++)
                _a[i] = mt.RandInt(1, MersennePrime);
            for (int i = 0; i < _b.Length; i++)
                _b[i] = mt.RandInt(0, MersennePrime);
            return;
        }
        ulong state = parameters.Seed;
        for (int i = 0; i < _a.Length; i++)
            _a[i] = 1 + NextBelow(ref state, MersennePrime - 1);
        for (int i = 0; i < _b.Length; i++)
            _b[i] = NextBelow(ref state, MersennePrime);
    }

    public MinHashParameters Parameters { get; }

    /// <summary>The shingle hashes of a document (with repeats, in text order); empty when it has fewer than n units.</summary>
    public ulong[] Shingles(string text)
    {
        if (Parameters.Unit == ShingleUnit.Char)
            return CharShingles(Parameters.Normalize ? TextSimplifier.Simplify(text) : CollapseWhitespace(text), Parameters.NGram);
        bool cjk = Parameters.Unit == ShingleUnit.CjkChar;
        if (!Parameters.Normalize)
            return WordShingles(text, Parameters.NGram, cjk);
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        try
        {
            int length = TextSimplifier.Simplify(text, ref buffer);
            return WordShingles(buffer.AsSpan(0, length), Parameters.NGram, cjk);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Computes the signature into <paramref name="signature"/> (length <see cref="MinHashParameters.HashCount"/>);
    /// false when the document has no shingle (too short), in which case it takes part in no band.</summary>
    public bool TrySignature(string text, Span<ulong> signature)
    {
        var shingles = Shingles(text);
        if (shingles.Length == 0)
            return false;
        SignatureOf(shingles, signature);
        return true;
    }

    /// <summary>The minimum of each permutation over the shingle hashes.</summary>
    public void SignatureOf(ReadOnlySpan<ulong> shingles, Span<ulong> signature)
    {
        if (signature.Length != _a.Length)
            throw new ArgumentException($"signature needs {_a.Length} slots", nameof(signature));
        if (Vector512.IsHardwareAccelerated && shingles.Length >= Vector512<ulong>.Count)
            SignatureVector512(shingles, signature);
        else
            SignatureScalar(shingles, signature);
    }

    /// <summary>The portable loop; <see cref="SignatureOf"/> must give the same values on every machine.</summary>
    internal void SignatureScalar(ReadOnlySpan<ulong> shingles, Span<ulong> signature)
    {
        for (int j = 0; j < signature.Length; j++)
        {
            ulong a = _a[j], b = _b[j], min = ulong.MaxValue;
            foreach (ulong s in shingles)
            {
                ulong r = Permute(s, a, b);
                if (r < min)
                    min = r;
            }
            signature[j] = min;
        }
    }

    private void SignatureVector512(ReadOnlySpan<ulong> shingles, Span<ulong> signature)
    {
        int whole = shingles.Length - shingles.Length % Vector512<ulong>.Count;
        var prime = Vector512.Create(MersennePrime);
        for (int j = 0; j < signature.Length; j++)
        {
            ulong a = _a[j], b = _b[j];
            var va = Vector512.Create(a);
            var vb = Vector512.Create(b);
            var vmin = Vector512.Create(ulong.MaxValue);
            for (int i = 0; i < whole; i += Vector512<ulong>.Count)
            {
                var x = Vector512.Create(shingles.Slice(i, Vector512<ulong>.Count)) * va + vb;
                var r = (x & prime) + Vector512.ShiftRightLogical(x, 61);
                r = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(r, prime), r - prime, r);
                vmin = Vector512.Min(vmin, r);
            }
            ulong min = ulong.MaxValue;
            for (int k = 0; k < Vector512<ulong>.Count; k++)
                min = Math.Min(min, vmin[k]);
            for (int i = whole; i < shingles.Length; i++)
                min = Math.Min(min, Permute(shingles[i], a, b));
            signature[j] = min;
        }
    }

    /// <summary>((s * a + b) mod 2^64) mod (2^61 - 1), the mod done by folding the high bits onto the low ones.</summary>
    private static ulong Permute(ulong s, ulong a, ulong b)
    {
        ulong x = unchecked(s * a + b);
        ulong r = (x & MersennePrime) + (x >> 61);
        return r >= MersennePrime ? r - MersennePrime : r;
    }

    /// <summary>The key of band <paramref name="band"/>: XXH3-128 of its rows' values.</summary>
    public UInt128 BandKey(ReadOnlySpan<ulong> signature, int band)
    {
        var rows = signature.Slice(band * Parameters.Rows, Parameters.Rows);
        Span<byte> bytes = stackalloc byte[rows.Length * 8];
        for (int i = 0; i < rows.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * 8)..], rows[i]);
        return XxHash128.HashToUInt128(bytes);
    }

    /// <summary>Exact Jaccard similarity of two documents' shingle sets (for verifying candidate pairs).</summary>
    public double Jaccard(string x, string y)
    {
        var a = new HashSet<ulong>(Shingles(x));
        var b = new HashSet<ulong>(Shingles(y));
        if (a.Count == 0 && b.Count == 0)
            return 1;
        int common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    private ulong ShingleHash(ReadOnlySpan<byte> utf8)
    {
        if (!_sha1)
            return XxHash3.HashToUInt64(utf8);
        Span<byte> digest = stackalloc byte[20];
        System.Security.Cryptography.SHA1.HashData(utf8, digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }

    private ulong[] WordShingles(ReadOnlySpan<char> text, int n, bool cjkUnits)
    {
        // Words (whitespace-separated) re-joined by single spaces in one UTF-8 buffer; shingle i spans words i..i+n-1.
        // With cjkUnits every CJK character is a word of its own (so units need not be separated by whitespace).
        byte[] bytes = ArrayPool<byte>.Shared.Rent(Math.Max(16, Encoding.UTF8.GetMaxByteCount(text.Length) + (cjkUnits ? text.Length : 0)));
        int[] starts = ArrayPool<int>.Shared.Rent(cjkUnits ? text.Length + 2 : text.Length / 2 + 2);
        try
        {
            int length = 0, words = 0, i = 0;
            while (i < text.Length)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                    i++;
                int from = i;
                int cjk = cjkUnits && i < text.Length ? WordTokenizer.CjkLength(text, i) : 0;
                if (cjk > 0)
                    i += cjk;
                else
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && !(cjkUnits && WordTokenizer.CjkLength(text, i) > 0))
                        i++;
                if (i == from)
                    break;
                if (words > 0)
                    bytes[length++] = (byte)' ';
                starts[words++] = length;
                length += Encoding.UTF8.GetBytes(text[from..i], bytes.AsSpan(length));
            }
            if (words < n)
                return [];
            starts[words] = length + 1;
            var result = new ulong[words - n + 1];
            for (int k = 0; k < result.Length; k++)
            {
                int from = starts[k], to = starts[k + n] - 1;
                result[k] = ShingleHash(bytes.AsSpan(from, to - from));
            }
            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(starts);
        }
    }

    private ulong[] CharShingles(string text, int n)
    {
        if (text.Length < n)
            return [];
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        var result = new ulong[text.Length - n + 1];
        for (int i = 0; i < result.Length; i++)
            result[i] = ShingleHash(bytes.Slice(i * 2, n * 2));
        return result;
    }

    private static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static ulong NextBelow(ref ulong state, ulong bound)
    {
        // Rejection sampling on SplitMix64 for an unbiased value in [0, bound).
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        while (true)
        {
            ulong v = SplitMix64(ref state);
            if (v < limit)
                return v % bound;
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
