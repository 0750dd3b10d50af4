namespace YuLanData.Filters.Decontamination;

/// <summary>Collects benchmark items and builds an <see cref="NgramIndex"/> over their n-grams.</summary>
/// <remarks>An item with at least n units contributes every n-gram of its text (the counted fields joined, so
/// n-grams may span a question and its answer); a shorter item with at least <c>min_short_item_units</c> units
/// contributes its whole unit sequence as one key; shorter items are kept in the item table but cannot match.
/// An n-gram found in more than <c>max_items_per_ngram</c> items is dropped as a common phrase, and low-information
/// n-grams (list scaffolding, tables of figures, diagram coordinates) are not indexed (see <see cref="IsInformative"/>).</remarks>
public sealed class NgramIndexBuilder
{
    private readonly NgramIndexParameters _parameters;
    private readonly List<string> _benchmarks = [];
    private readonly Dictionary<string, int> _benchmarkIndex = new(StringComparer.Ordinal);
    private readonly List<(int Benchmark, string Id, int Units)> _items = [];
    private readonly List<ulong> _pairKeys = [];
    private readonly List<int> _pairItems = [];
    private readonly UnitBuffer _units = new();
    private readonly List<bool> _weak = [];
    private readonly HashSet<ulong> _seen = [];
    private readonly SortedSet<int> _shortLengths = [];
    private readonly SortedSet<ulong> _shortKeys = [];

    /// <param name="parameters">How items are cut into n-grams.</param>
    public NgramIndexBuilder(NgramIndexParameters parameters)
    {
        parameters.Validate();
        _parameters = parameters;
    }

    /// <summary>When true (the default), word n-grams made mostly of one-character words are not indexed; false keeps
    /// the older rule (only n-grams mostly made of numbers are left out), for measuring what the guard changes.</summary>
    public bool SkipScaffolding { get; init; } = true;

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
        MarkWeakUnits(text, count);
        if (count >= n)
        {
            for (int i = 0; i + n <= count; i++)
            {
                var gram = hashes.Slice(i, n);
                if (!IsInformative(gram, i, whole: false))
                    continue;
                ulong key = NgramHash.Of(gram);
                if (_seen.Add(key))
                    AddPair(key, itemIndex);
            }
        }
        else if (count >= _parameters.MinShortItemUnits && IsInformative(hashes, 0, whole: true))
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

    /// <summary>
    /// False for n-grams that would match text unrelated to the item. Mostly numbers (tables, lists of figures: every
    /// number normalizes to <c>0</c>): more than half the units are numbers. In word mode, scaffolding: more than three
    /// quarters of the words are one letter or one number (<c>a 0 b 0 c 0</c> of navigation bars, <c>a b c ... m</c> of
    /// alphabetical indexes, <c>label a 0 0 n</c> of diagram code; three quarters rather than half keeps formulas such
    /// as <c>f x x tan x e sin x</c>, whose n-grams are often all a math problem has), counted only for full n-grams: a whole short item
    /// (<paramref name="whole"/>) is a complete question whose exact sequence is specific enough
    /// (<c>simplify u 0 u 0 u 0 u 0</c>) as long as one word is longer than a character.
    /// </summary>
    /// <param name="gram">The unit hashes.</param>
    /// <param name="first">Index of the gram's first unit in the text, to look up which units are one-character words.</param>
    /// <param name="whole">The gram is a whole short item rather than an n-gram window.</param>
    private bool IsInformative(ReadOnlySpan<ulong> gram, int first, bool whole)
    {
        ulong number = _parameters.Unit == NgramUnit.Words ? DecontaminationNormalizer.NumberWordHash : DecontaminationNormalizer.NumberCharHash;
        int numbers = 0;
        foreach (ulong unit in gram)
            if (unit == number)
                numbers++;
        if (numbers * 2 > gram.Length)
            return false;
        if (!SkipScaffolding || _parameters.Unit != NgramUnit.Words)
            return true;
        int weak = 0;
        for (int i = first; i < first + gram.Length; i++)
            if (_weak[i])
                weak++;
        return whole ? weak < gram.Length : weak * 4 <= gram.Length * 3;
    }

    /// <summary>Fills <see cref="_weak"/>: per word of <paramref name="text"/>, whether it is a single letter or digit
    /// of a spaced script (a Chinese character is a word by itself and is not weak).</summary>
    private void MarkWeakUnits(string text, int count)
    {
        _weak.Clear();
        if (_parameters.Unit != NgramUnit.Words)
            return;
        var sink = new WeakWordSink(_weak);
        DecontaminationNormalizer.Scan(text, ref sink);
        if (_weak.Count != count)
            throw new InvalidOperationException($"word scan disagreement: {_weak.Count} vs {count} units");
    }

    private struct WeakWordSink(List<bool> weak) : DecontaminationNormalizer.IWordSink
    {
        private int _length;
        private char _first;

        public void Begin(int start) => _length = 0;

        public void Char(char folded, int start, int end)
        {
            if (_length++ == 0)
                _first = folded;
        }

        public readonly void End(int end) => weak.Add(_length == 1 && !DecontaminationNormalizer.IsUnspacedScript(_first));
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
