namespace YuLanData.Filters.Dedup;

/// <summary>Disjoint sets over 0..n-1 with path halving; the root of a set is its smallest
/// member, so roots do not depend on the order unions arrive in.</summary>
public sealed class UnionFind
{
    private readonly List<int> _parent = [];

    public int Count => _parent.Count;

    /// <summary>Adds a new singleton element and returns its index.</summary>
    public int Add()
    {
        _parent.Add(_parent.Count);
        return _parent.Count - 1;
    }

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    /// <summary>Merges the sets of x and y; the smaller root becomes the root.</summary>
    public void Union(int x, int y)
    {
        int rx = Find(x), ry = Find(y);
        if (rx == ry)
            return;
        if (rx < ry)
            _parent[ry] = rx;
        else
            _parent[rx] = ry;
    }
}
