using System.Runtime.CompilerServices;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// A reusable open-addressing multiset of character slices of one buffer (a Python <c>set</c>/<c>Counter</c> of
/// substrings without allocating them). Keys are compared by content, so hash collisions never change results.
/// Not thread-safe: use one per thread.
/// </summary>
internal sealed class SliceCounter
{
    private int[] _slots = new int[256]; // entry index + 1; 0 = empty
    private ulong[] _hashes = new ulong[128];
    private int[] _starts = new int[128];
    private int[] _lengths = new int[128];
    private int[] _counts = new int[128];
    private int _count;
    private ReadOnlyMemory<char> _buffer;

    /// <summary>Number of distinct slices.</summary>
    public int Distinct => _count;

    /// <summary>Empties the set and points it at <paramref name="buffer"/> (the characters slices refer to).</summary>
    public void Reset(ReadOnlyMemory<char> buffer, int expected)
    {
        _buffer = buffer;
        _count = 0;
        int want = 16;
        while (want < expected * 2) want <<= 1;
        if (_slots.Length < want || _slots.Length > want * 8)
        {
            _slots = new int[want];
        }
        else Array.Clear(_slots);
        if (_hashes.Length < expected + 1)
        {
            int cap = Math.Max(expected + 1, _hashes.Length * 2);
            _hashes = new ulong[cap];
            _starts = new int[cap];
            _lengths = new int[cap];
            _counts = new int[cap];
        }
    }

    /// <summary>Adds one occurrence of the slice; returns its entry index and whether it was already present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(ulong hash, int start, int length, out bool existed)
    {
        int mask = _slots.Length - 1;
        int slot = (int)(hash ^ (hash >> 29)) & mask;
        var buffer = _buffer.Span;
        var key = buffer.Slice(start, length);
        while (true)
        {
            int e = _slots[slot];
            if (e == 0) break;
            e--;
            if (_hashes[e] == hash && _lengths[e] == length &&
                buffer.Slice(_starts[e], length).SequenceEqual(key))
            {
                _counts[e]++;
                existed = true;
                return e;
            }
            slot = (slot + 1) & mask;
        }
        if (_count == _hashes.Length) Grow();
        if ((_count + 1) * 2 > _slots.Length) { Rehash(); return Add(hash, start, length, out existed); }
        int idx = _count++;
        _hashes[idx] = hash;
        _starts[idx] = start;
        _lengths[idx] = length;
        _counts[idx] = 1;
        _slots[slot] = idx + 1;
        existed = false;
        return idx;
    }

    /// <summary>How many times entry <paramref name="index"/> was added.</summary>
    public int CountOf(int index) => _counts[index];

    /// <summary>The slice of entry <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> SliceOf(int index) => _buffer.Span.Slice(_starts[index], _lengths[index]);

    private void Grow()
    {
        int cap = _hashes.Length * 2;
        Array.Resize(ref _hashes, cap);
        Array.Resize(ref _starts, cap);
        Array.Resize(ref _lengths, cap);
        Array.Resize(ref _counts, cap);
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        int mask = _slots.Length - 1;
        for (int e = 0; e < _count; e++)
        {
            ulong h = _hashes[e];
            int slot = (int)(h ^ (h >> 29)) & mask;
            while (_slots[slot] != 0) slot = (slot + 1) & mask;
            _slots[slot] = e + 1;
        }
    }
}
