namespace YuLanData.Filters.FastText;

/// <summary>
/// Per-thread memo of the char-n-gram ids of out-of-vocabulary tokens, so a token repeated across
/// documents is hashed once. Owned by one dictionary (one cache per thread); emptied when full (about
/// 1.4 MB per thread). Ids are replayed in the same order, so predictions stay bit-identical.
/// </summary>
internal sealed class SubwordCache
{
    private const int SlotCount = 1 << 15;
    private const int MaxEntries = SlotCount / 2;

    private readonly uint[] _hashes = new uint[SlotCount];
    private readonly int[] _entry = new int[SlotCount]; // entry index + 1; 0 = empty
    private readonly List<(int BytesStart, int BytesLength, int IdsStart, int IdsLength)> _entries = new(MaxEntries);
    private readonly byte[] _bytes = new byte[1 << 17];
    private int _bytesUsed;
    private readonly int[] _ids = new int[1 << 18];
    private int _idsUsed;

    public void Reset()
    {
        Array.Clear(_entry);
        _entries.Clear();
        _bytesUsed = 0;
        _idsUsed = 0;
    }

    /// <summary>The cached ids of <paramref name="token"/>, or false.</summary>
    public bool TryGet(ReadOnlySpan<byte> token, uint hash, out ReadOnlySpan<int> ids)
    {
        int slot = (int)(hash & (SlotCount - 1));
        while (true)
        {
            int e = _entry[slot];
            if (e == 0)
            {
                ids = default;
                return false;
            }
            if (_hashes[slot] == hash)
            {
                var entry = _entries[e - 1];
                if (token.SequenceEqual(_bytes.AsSpan(entry.BytesStart, entry.BytesLength)))
                {
                    ids = _ids.AsSpan(entry.IdsStart, entry.IdsLength);
                    return true;
                }
            }
            slot = (slot + 1) & (SlotCount - 1);
        }
    }

    /// <summary>Remembers the ids of a token (skipped for very long tokens; clears itself when full).</summary>
    public void Add(ReadOnlySpan<byte> token, uint hash, ReadOnlySpan<int> ids)
    {
        if (token.Length > 256 || ids.Length > 4096)
            return;
        if (_entries.Count >= MaxEntries || _bytesUsed + token.Length > _bytes.Length || _idsUsed + ids.Length > _ids.Length)
            Reset();
        token.CopyTo(_bytes.AsSpan(_bytesUsed));
        ids.CopyTo(_ids.AsSpan(_idsUsed));
        _entries.Add((_bytesUsed, token.Length, _idsUsed, ids.Length));
        _bytesUsed += token.Length;
        _idsUsed += ids.Length;
        int slot = (int)(hash & (SlotCount - 1));
        while (_entry[slot] != 0)
            slot = (slot + 1) & (SlotCount - 1);
        _hashes[slot] = hash;
        _entry[slot] = _entries.Count;
    }
}
