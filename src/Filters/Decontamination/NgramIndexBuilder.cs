namespace YuLanData.Filters.Decontamination;

/// <summary>Collects benchmark items and builds an <see cref="NgramIndex"/> over their n-grams.</summary>
/// <remarks>An item with at least n units contributes every n-gram of its text (the counted fields joined, so
/// n-grams may span a question and its answer); a shorter item with at least <c>min_short_item_units</c> units
/// contributes its whole unit sequence as one key; shorter items are kept in the item table but cannot match.
/// An n-gram found in more than <c>max_items_per_ngram</c> items is dropped as a common phrase, and one where more than
/// half the units are numbers is not indexed (see <see cref="IsInformative"/>).</remarks>
public sealed class NgramIndexBuilder
{
    private readonly NgramIndexParameters _parameters;
    private readonly List<string> _benchmarks = [];
    private readonly Dictionary<string, int> _benchmarkIndex = new(StringComparer.Ordinal);
    private readonly List<(int Benchmark, string Id, int Units)> _items = [];
    private readonly List<ulong> _pairKeys = [];
    private readonly List<int> _pairItems = [];
    private readonly UnitBuffer _units = new();
    private readonly HashSet<ulong> _seen = [];
    private readonly SortedSet<int> _shortLengths = [];
    private readonly SortedSet<ulong> _shortKeys = [];

    /// <param name="parameters">How items are cut into n-grams.</param>
    public NgramIndexBuilder(NgramIndexParameters parameters)
    {
        parameters.Validate();
        _parameters = parameters;
    }

    /// <summary>Items added so far.</summary>
    public int ItemCount => _items.Count;

    /// <summary>Registers a benchmark name even if it ends up with no items (kept in the index's benchmark list).</summary>
    public void AddBenchmark(string name)
    {
        if (!_benchmarkIndex.ContainsKey(name))
        {
            _benchmarkIndex[name] = _benchmarks.Count;
            _benchmarks.Add(name);
        }
    }

    /// <summary>Adds one item's n-grams (those of its text and of every variant).</summary>
    public void Add(BenchmarkItem item)
    {
        AddBenchmark(item.Benchmark);
        int itemIndex = _items.Count;
        _seen.Clear();
        int units = AddText(item.Text, itemIndex);
        foreach (var variant in item.Variants ?? [])
            AddText(variant, itemIndex);
        _items.Add((_benchmarkIndex[item.Benchmark], item.Id, units));
    }

    private int AddText(string text, int itemIndex)
    {
        DecontaminationNormalizer.Units(text, _parameters.Unit, _units);
        int count = _units.Count, n = _parameters.N;
        var hashes = _units.Hashes;
        if (count >= n)
        {
            for (int i = 0; i + n <= count; i++)
            {
                var gram = hashes.Slice(i, n);
                if (!IsInformative(gram))
                    continue;
                ulong key = NgramHash.Of(gram);
                if (_seen.Add(key))
                    AddPair(key, itemIndex);
            }
        }
        else if (count >= _parameters.MinShortItemUnits && IsInformative(hashes))
        {
            ulong key = NgramHash.Of(hashes);
            if (_seen.Add(key))
                AddPair(key, itemIndex);
            _shortLengths.Add(count);
            _shortKeys.Add(key);
        }
        return count;
    }

    private void AddPair(ulong key, int item)
    {
        _pairKeys.Add(key);
        _pairItems.Add(item);
    }

    /// <summary>False for n-grams that are mostly numbers (tables, lists of figures): every number normalizes to
    /// <c>0</c>, so they would match any table in the corpus. At least half the units must not be numbers.</summary>
    private bool IsInformative(ReadOnlySpan<ulong> gram)
    {
        ulong number = _parameters.Unit == NgramUnit.Words ? DecontaminationNormalizer.NumberWordHash : DecontaminationNormalizer.NumberCharHash;
        int numbers = 0;
        foreach (ulong unit in gram)
            if (unit == number)
                numbers++;
        return numbers * 2 <= gram.Length;
    }

    /// <summary>Builds the index (deterministic: the same items in the same order give the same bytes).</summary>
    public NgramIndex Build()
    {
        var pairKeys = _pairKeys.ToArray();
        var pairItems = _pairItems.ToArray();
        Array.Sort(pairKeys, pairItems);
        var keys = new List<ulong>();
        var starts = new List<int> { 0 };
        var postings = new List<int>();
        var ngramsPerItem = new int[_items.Count];
        int common = 0;
        for (int i = 0; i < pairKeys.Length;)
        {
            int j = i;
            while (j < pairKeys.Length && pairKeys[j] == pairKeys[i])
                j++;
            Array.Sort(pairItems, i, j - i); // the sort above is unstable: order each key's items
            if (j - i > _parameters.MaxItemsPerNgram)
            {
                common++;
            }
            else
            {
                keys.Add(pairKeys[i]);
                for (int k = i; k < j; k++)
                {
                    postings.Add(pairItems[k]);
                    ngramsPerItem[pairItems[k]]++;
                }
                starts.Add(postings.Count);
            }
            i = j;
        }
        var keySet = keys.ToHashSet();
        var items = new IndexedItem[_items.Count];
        for (int i = 0; i < items.Length; i++)
            items[i] = new IndexedItem(_items[i].Benchmark, _items[i].Id, _items[i].Units, ngramsPerItem[i]);
        return new NgramIndex(_parameters, _benchmarks.ToArray(), items, keys.ToArray(), starts.ToArray(), postings.ToArray(), common, _shortLengths.ToArray(),
            _shortKeys.Where(k => keySet.Contains(k)).ToArray());
    }
}
