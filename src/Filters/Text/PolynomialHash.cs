namespace YuLanData.Filters.Text;

/// <summary>
/// Prefix polynomial hashes (mod 2^64) over a character buffer, so the hash of any slice costs O(1).
/// Meant for hash tables that compare keys by content on a hash match (the hash is not collision-resistant).
/// </summary>
public sealed class PolynomialHash
{
    private const ulong Base = 0x100000001B3UL * 31 + 0x9E3779B97F4A7C15UL | 1UL;
    private ulong[] _prefix = new ulong[256];
    private ulong[] _power = new ulong[256];

    /// <summary>Prepares prefix hashes for the first <paramref name="length"/> characters of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The characters.</param>
    /// <param name="length">How many leading characters to cover.</param>
    public void Build(ReadOnlySpan<char> buffer, int length)
    {
        if (_prefix.Length < length + 1)
        {
            int cap = Math.Max(length + 1, _prefix.Length * 2);
            _prefix = new ulong[cap];
            _power = new ulong[cap];
        }
        ulong h = 0, p = 1;
        _prefix[0] = 0;
        _power[0] = 1;
        for (int i = 0; i < length; i++)
        {
            h = h * Base + buffer[i] + 1;
            p *= Base;
            _prefix[i + 1] = h;
            _power[i + 1] = p;
        }
    }

    /// <summary>Hash of the slice [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>).</summary>
    /// <param name="start">First character of the slice.</param>
    /// <param name="length">Slice length.</param>
    public ulong Slice(int start, int length)
    {
        ulong h = _prefix[start + length] - _prefix[start] * _power[length];
        h ^= h >> 31;
        h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 29);
    }
}
