namespace YuLanData.Filters.Decontamination;

/// <summary>A reusable list of n-gram units of one text: each unit's hash and the original characters it covers.</summary>
internal sealed class UnitBuffer
{
    private ulong[] _hashes = new ulong[256];
    private int[] _starts = new int[256];
    private int[] _ends = new int[256];

    /// <summary>Units held.</summary>
    public int Count { get; private set; }

    /// <summary>Unit hashes, valid up to <see cref="Count"/>.</summary>
    public ReadOnlySpan<ulong> Hashes => _hashes.AsSpan(0, Count);

    /// <summary>Original offset of the first character of unit <paramref name="i"/>.</summary>
    public int Start(int i) => _starts[i];

    /// <summary>Original offset just past unit <paramref name="i"/>.</summary>
    public int End(int i) => _ends[i];

    public void Clear() => Count = 0;

    public void Add(ulong hash, int start, int end)
    {
        if (Count == _hashes.Length)
        {
            Array.Resize(ref _hashes, Count * 2);
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _ends, Count * 2);
        }
        _hashes[Count] = hash;
        _starts[Count] = start;
        _ends[Count] = end;
        Count++;
    }

    /// <summary>Drops the arrays when a huge document made them grow, so one outlier does not pin memory.</summary>
    public void Trim()
    {
        if (_hashes.Length > 1 << 20)
        {
            _hashes = new ulong[256];
            _starts = new int[256];
            _ends = new int[256];
            Count = 0;
        }
    }
}
