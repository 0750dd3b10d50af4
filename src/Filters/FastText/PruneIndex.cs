namespace YuLanData.Filters.FastText;

/// <summary>
/// Bucket → compacted row map of a pruned (quantized with <c>-cutoff</c>) model: an open-addressing int table,
/// faster than a general dictionary on the subword hot path. Immutable after construction.
/// </summary>
internal sealed class PruneIndex
{
    private readonly int[] _keys;
    private readonly int[] _values;
    private readonly int _mask;

    /// <param name="pairs">Bucket id → row; bucket ids must be ≥ 0 (later duplicates overwrite earlier ones, as in fastText).</param>
    public PruneIndex(IReadOnlyList<(int Bucket, int Row)> pairs)
    {
        int capacity = 16;
        while (capacity < pairs.Count * 2)
            capacity <<= 1;
        _keys = new int[capacity];
        _values = new int[capacity];
        Array.Fill(_keys, -1);
        _mask = capacity - 1;
        foreach (var (bucket, row) in pairs)
        {
            int slot = Slot(bucket);
            while (_keys[slot] != -1 && _keys[slot] != bucket)
                slot = (slot + 1) & _mask;
            _keys[slot] = bucket;
            _values[slot] = row;
        }
        Pairs = pairs;
    }

    /// <summary>The pairs as given (for writing the model back).</summary>
    public IReadOnlyList<(int Bucket, int Row)> Pairs { get; }

    private int Slot(int key) => (int)(((uint)key * 2654435769u) >> 7) & _mask;

    public bool TryGetRow(int bucket, out int row)
    {
        int slot = Slot(bucket);
        while (true)
        {
            int k = _keys[slot];
            if (k == bucket)
            {
                row = _values[slot];
                return true;
            }
            if (k == -1)
            {
                row = 0;
                return false;
            }
            slot = (slot + 1) & _mask;
        }
    }
}
