namespace YuLanData.Filters.FastText;

/// <summary>
/// The min-heap fastText keeps its k best (log-score, label) pairs in, with the exact sift order of
/// libstdc++'s push_heap / pop_heap / sort_heap, so that equal scores come out in the CLI's order.
/// </summary>
internal sealed class TopKHeap
{
    private float[] _scores = new float[16];
    private int[] _labels = new int[16];

    public int Count { get; private set; }

    public float Score(int i) => _scores[i];

    public int Label(int i) => _labels[i];

    /// <summary>The smallest kept score (the heap front).</summary>
    public float Front => _scores[0];

    public void Clear() => Count = 0;

    // fastText's comparator: l "less than" r when l.score > r.score (so the heap front is the minimum).
    private bool Less(int a, float bScore) => _scores[a] > bScore;

    /// <summary>Appends and sifts up (std::push_heap).</summary>
    public void Push(float score, int label)
    {
        if (Count == _scores.Length)
        {
            Array.Resize(ref _scores, Count * 2);
            Array.Resize(ref _labels, Count * 2);
        }
        _scores[Count] = score;
        _labels[Count] = label;
        Count++;
        SiftUp(Count - 1, 0, score, label);
    }

    private void SiftUp(int hole, int top, float score, int label)
    {
        int parent = (hole - 1) / 2;
        while (hole > top && Less(parent, score))
        {
            _scores[hole] = _scores[parent];
            _labels[hole] = _labels[parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        _scores[hole] = score;
        _labels[hole] = label;
    }

    /// <summary>libstdc++ __adjust_heap over [0, len).</summary>
    private void Adjust(int hole, int len, float score, int label)
    {
        int top = hole;
        int child = hole;
        while (child < (len - 1) / 2)
        {
            child = 2 * (child + 1);
            if (_scores[child] > _scores[child - 1])
                child--;
            _scores[hole] = _scores[child];
            _labels[hole] = _labels[child];
            hole = child;
        }
        if ((len & 1) == 0 && child == (len - 2) / 2)
        {
            child = 2 * (child + 1);
            _scores[hole] = _scores[child - 1];
            _labels[hole] = _labels[child - 1];
            hole = child - 1;
        }
        SiftUp(hole, top, score, label);
    }

    /// <summary>Moves the front to position last and re-heaps [0, last) (libstdc++ __pop_heap).</summary>
    private void PopTo(int last)
    {
        float score = _scores[last];
        int label = _labels[last];
        _scores[last] = _scores[0];
        _labels[last] = _labels[0];
        Adjust(0, last, score, label);
    }

    /// <summary>std::pop_heap then pop_back.</summary>
    public void PopFront()
    {
        if (Count > 1)
            PopTo(Count - 1);
        Count--;
    }

    /// <summary>std::sort_heap: leaves the entries ordered by decreasing score.</summary>
    public void SortDescending()
    {
        for (int last = Count - 1; last > 0; last--)
            PopTo(last);
    }
}
