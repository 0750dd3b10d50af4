using System.Text;

namespace YuLanData.Filters.FastText;

/// <summary>One dictionary entry as stored in a model file.</summary>
/// <param name="Word">The token's UTF-8 bytes.</param>
/// <param name="Count">Occurrences in the training data.</param>
/// <param name="IsLabel">True for labels (tokens starting with the label prefix), false for words.</param>
internal readonly record struct DictionaryEntry(byte[] Word, long Count, bool IsLabel);

/// <summary>
/// fastText's dictionary: words then labels (ids 0..nwords-1 are words, nwords.. labels), char n-gram
/// subwords per word, and the hashing of out-of-vocabulary tokens and word n-grams into buckets
/// (optionally remapped by a pruning index in quantized models). Immutable and thread-safe.
/// </summary>
internal sealed class FastTextDictionary
{
    /// <summary>fastText's end-of-line token.</summary>
    public const string EndOfSentence = "</s>";

    /// <summary>The label prefix fastText uses when the model file does not say (it never does).</summary>
    public const string DefaultLabelPrefix = "__label__";

    private static ReadOnlySpan<byte> EosBytes => "</s>"u8;

    private readonly DictionaryEntry[] _entries;
    private readonly uint[] _entryHashes;
    private readonly int[] _table;
    private readonly int _tableMask;
    private readonly PruneIndex? _pruneIndex;
    private readonly ulong _bucketFastModMultiplier;
    private readonly int[] _subwordStarts;
    private readonly int[] _subwords;
    private readonly byte[] _labelPrefix;
    private readonly string[] _labelNames;
    private readonly ThreadLocal<SubwordCache>? _oovSubwords;

    /// <param name="entries">Words first (most frequent first), then labels.</param>
    /// <param name="tokenCount">Tokens in the training data (fastText <c>ntokens</c>).</param>
    /// <param name="pruneIndexSize">-1 when not pruned; otherwise the number of kept n-gram buckets.</param>
    /// <param name="pruneIndex">Bucket → compacted row for pruned models (null when not pruned).</param>
    /// <param name="minN">Minimum char n-gram length.</param>
    /// <param name="maxN">Maximum char n-gram length (0 = no subwords).</param>
    /// <param name="bucket">Number of hash buckets.</param>
    /// <param name="wordNgrams">Maximum word n-gram length.</param>
    /// <param name="labelPrefix">Prefix marking label tokens.</param>
    public FastTextDictionary(
        DictionaryEntry[] entries, long tokenCount, long pruneIndexSize, PruneIndex? pruneIndex,
        int minN, int maxN, int bucket, int wordNgrams, string labelPrefix = DefaultLabelPrefix)
    {
        _entries = entries;
        TokenCount = tokenCount;
        PruneIndexSize = pruneIndexSize;
        _pruneIndex = pruneIndex;
        MinN = minN;
        MaxN = maxN;
        Bucket = bucket;
        _bucketFastModMultiplier = bucket > 0 ? ulong.MaxValue / (uint)bucket + 1 : 0;
        WordNgrams = wordNgrams;
        _labelPrefix = Encoding.UTF8.GetBytes(labelPrefix);

        int words = 0;
        while (words < entries.Length && !entries[words].IsLabel)
            words++;
        for (int i = words; i < entries.Length; i++)
            if (!entries[i].IsLabel)
                throw new ArgumentException("dictionary entries must list all words before all labels", nameof(entries));
        WordCount = words;
        LabelCount = entries.Length - words;

        int capacity = 16;
        while (capacity < entries.Length * 2)
            capacity <<= 1;
        _table = new int[capacity];
        Array.Fill(_table, -1);
        _tableMask = capacity - 1;
        _entryHashes = new uint[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            uint h = FastTextHash.Hash(entries[i].Word);
            _entryHashes[i] = h;
            int slot = (int)(h & (uint)_tableMask);
            while (_table[slot] >= 0)
            {
                if (_entryHashes[_table[slot]] == h && entries[_table[slot]].Word.AsSpan().SequenceEqual(entries[i].Word))
                    throw new ArgumentException($"duplicate dictionary entry '{Encoding.UTF8.GetString(entries[i].Word)}'", nameof(entries));
                slot = (slot + 1) & _tableMask;
            }
            _table[slot] = i;
        }

        if (maxN > 0)
            _oovSubwords = new ThreadLocal<SubwordCache>(() => new SubwordCache());
        _labelNames = new string[LabelCount];
        for (int i = 0; i < LabelCount; i++)
            _labelNames[i] = Encoding.UTF8.GetString(entries[words + i].Word);

        // Subwords of every entry (fastText initNgrams): the entry's own id, then its char n-grams.
        var starts = new int[entries.Length + 1];
        var all = new IntList(entries.Length * 4 + 4);
        var scratch = new byte[64];
        for (int i = 0; i < entries.Length; i++)
        {
            starts[i] = all.Count;
            all.Add(i);
            var word = entries[i].Word;
            if (MaxN > 0 && !word.AsSpan().SequenceEqual(EosBytes))
            {
                if (scratch.Length < word.Length + 2)
                    scratch = new byte[word.Length * 2 + 2];
                int n = WrapInBrackets(word, scratch);
                ComputeSubwords(scratch.AsSpan(0, n), all);
            }
        }
        starts[entries.Length] = all.Count;
        _subwordStarts = starts;
        _subwords = all.Span.ToArray();
    }

    public int Size => _entries.Length;

    public int WordCount { get; }

    public int LabelCount { get; }

    public long TokenCount { get; }

    public long PruneIndexSize { get; }

    public int MinN { get; }

    public int MaxN { get; }

    public int Bucket { get; }

    public int WordNgrams { get; }

    public bool IsPruned => PruneIndexSize >= 0;

    public IReadOnlyList<DictionaryEntry> Entries => _entries;

    /// <summary>The full label token (e.g. <c>__label__en</c>) of label index <paramref name="label"/>.</summary>
    public string LabelName(int label) => _labelNames[label];

    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>Counts of labels in id order (for the Huffman tree / negative table).</summary>
    public long[] LabelCounts()
    {
        var counts = new long[LabelCount];
        for (int i = 0; i < LabelCount; i++)
            counts[i] = _entries[WordCount + i].Count;
        return counts;
    }

    /// <summary>The id of <paramref name="token"/>, or -1 when it is not in the dictionary.</summary>
    public int Find(ReadOnlySpan<byte> token, uint hash)
    {
        int slot = (int)(hash & (uint)_tableMask);
        while (true)
        {
            int id = _table[slot];
            if (id < 0)
                return -1;
            if (_entryHashes[id] == hash && token.SequenceEqual(_entries[id].Word))
                return id;
            slot = (slot + 1) & _tableMask;
        }
    }

    /// <summary>Writes <c>&lt;</c> + word + <c>&gt;</c> into <paramref name="destination"/>; returns its length.</summary>
    private static int WrapInBrackets(ReadOnlySpan<byte> word, Span<byte> destination)
    {
        destination[0] = (byte)'<';
        word.CopyTo(destination[1..]);
        destination[word.Length + 1] = (byte)'>';
        return word.Length + 2;
    }

    /// <summary>Adds bucket id <paramref name="id"/> as an input row, through the pruning index if any (fastText pushHash).</summary>
    private void PushHash(IntList output, int id)
    {
        if (PruneIndexSize == 0 || id < 0)
            return;
        if (PruneIndexSize > 0)
        {
            if (!_pruneIndex!.TryGetRow(id, out id))
                return;
        }
        output.Add(WordCount + id);
    }

    /// <summary>
    /// Char n-grams of a bracketed word: every run of minn..maxn code points (counted as fastText does:
    /// a lead byte plus its continuation bytes), except single-code-point runs at either bracket.
    /// </summary>
    private void ComputeSubwords(ReadOnlySpan<byte> word, IntList output)
    {
        if (Bucket <= 0)
            return;
        for (int i = 0; i < word.Length; i++)
        {
            if ((word[i] & 0xC0) == 0x80)
                continue;
            uint h = FastTextHash.OffsetBasis;
            int j = i;
            for (int n = 1; j < word.Length && n <= MaxN; n++)
            {
                h = FastTextHash.Step(h, word[j++]);
                while (j < word.Length && (word[j] & 0xC0) == 0x80)
                    h = FastTextHash.Step(h, word[j++]);
                if (n >= MinN && !(n == 1 && (i == 0 || j == word.Length)))
                    PushHash(output, (int)BucketOf(h));
            }
        }
    }

    /// <summary>h mod bucket without a division (Lemire's fast modulo, exact for 32-bit values).</summary>
    private uint BucketOf(uint h) =>
        (uint)(((((_bucketFastModMultiplier * h) >> 32) + 1) * (uint)Bucket) >> 32);

    private static bool IsSeparator(byte b) =>
        b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\v' or (byte)'\f' or 0;

    /// <summary>
    /// Reads one line the way fastText's supervised <c>getLine</c> does: tokens split on the seven
    /// separator bytes (space, \n, \r, \t, \v, \f, \0), then the end-of-line token <c>&lt;/s&gt;</c>.
    /// A '\n' inside <paramref name="utf8Line"/> is treated as a plain separator (the document is one line).
    /// Like fastText, a literal <c>&lt;/s&gt;</c> token ends the line: the returned position says where reading
    /// stopped, and the CLI would treat the rest as a further line.
    /// </summary>
    /// <param name="utf8Line">The line's UTF-8 bytes (without a trailing newline).</param>
    /// <param name="ids">Receives word/subword/n-gram ids, label ids, token hashes and the token count.</param>
    /// <param name="endOfLine">False only for a file's last line when it has no trailing newline: the CLI then adds no <c>&lt;/s&gt;</c>.</param>
    /// <returns>Bytes consumed: <c>utf8Line.Length</c>, or the end of a literal <c>&lt;/s&gt;</c> token that ended the line early.</returns>
    public int ReadLine(ReadOnlySpan<byte> utf8Line, LineIds ids, bool endOfLine = true)
    {
        ids.Clear();
        int i = 0;
        while (i < utf8Line.Length)
        {
            if (IsSeparator(utf8Line[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < utf8Line.Length && !IsSeparator(utf8Line[i]))
                i++;
            var token = utf8Line[start..i];
            if (token.SequenceEqual(EosBytes))
            {
                AddToken(token, ids, isEos: true);
                AddWordNgrams(ids);
                ids.StoppedAtLiteralEos = true;
                return i;
            }
            AddToken(token, ids, isEos: false);
        }
        if (endOfLine)
            AddToken(EosBytes, ids, isEos: true);
        AddWordNgrams(ids);
        return utf8Line.Length;
    }

    private void AddToken(ReadOnlySpan<byte> token, LineIds ids, bool isEos)
    {
        uint h = FastTextHash.Hash(token);
        int wid = Find(token, h);
        bool isLabel = wid < 0 ? token.StartsWith(_labelPrefix) : _entries[wid].IsLabel;
        ids.TokenCount++;
        if (!isLabel)
        {
            AddSubwords(token, h, wid, isEos, ids);
            ids.WordHashes.Add((int)h);
        }
        else if (wid >= 0)
        {
            ids.Labels.Add(wid - WordCount);
        }
    }

    private void AddSubwords(ReadOnlySpan<byte> token, uint hash, int wid, bool isEos, LineIds ids)
    {
        if (wid < 0)
        {
            if (isEos || MaxN <= 0)
                return;
            var cache = _oovSubwords!.Value!;
            if (cache.TryGet(token, hash, out var cached))
            {
                ids.Words.AddRange(cached);
                return;
            }
            if (ids.TokenScratch.Length < token.Length + 2)
                ids.TokenScratch = new byte[token.Length * 2 + 2];
            int n = WrapInBrackets(token, ids.TokenScratch);
            int before = ids.Words.Count;
            ComputeSubwords(ids.TokenScratch.AsSpan(0, n), ids.Words);
            cache.Add(token, hash, ids.Words.Span[before..]);
        }
        else if (MaxN <= 0)
        {
            ids.Words.Add(wid);
        }
        else
        {
            ids.Words.AddRange(_subwords.AsSpan(_subwordStarts[wid], _subwordStarts[wid + 1] - _subwordStarts[wid]));
        }
    }

    /// <summary>Word n-grams 2..wordNgrams over the word hashes (fastText addWordNgrams, with its 64-bit arithmetic).</summary>
    private void AddWordNgrams(LineIds ids)
    {
        if (WordNgrams <= 1 || Bucket <= 0)
            return;
        var hashes = ids.WordHashes.Span;
        for (int i = 0; i < hashes.Length; i++)
        {
            ulong h = (ulong)(long)hashes[i];
            for (int j = i + 1; j < hashes.Length && j < i + WordNgrams; j++)
            {
                h = h * 116049371UL + (ulong)(long)hashes[j];
                PushHash(ids.Words, (int)(h % (ulong)Bucket));
            }
        }
    }

    /// <summary>Reads the dictionary block of a model file.</summary>
    public static FastTextDictionary Read(ModelFileReader reader, FastTextArgs args)
    {
        int size = reader.ReadInt32("dictionary size");
        int nwords = reader.ReadInt32("dictionary word count");
        int nlabels = reader.ReadInt32("dictionary label count");
        long ntokens = reader.ReadInt64("dictionary token count");
        long pruneSize = reader.ReadInt64("dictionary prune index size");
        if (size < 0 || nwords < 0 || nlabels < 0 || (long)nwords + nlabels != size)
            throw reader.Error($"dictionary sizes do not add up: size={size} words={nwords} labels={nlabels}");
        if (pruneSize < -1 || pruneSize > int.MaxValue)
            throw reader.Error($"dictionary prune index size {pruneSize} is out of range");
        reader.EnsureAvailable(size * 10L, $"{size} dictionary entries (at least 10 bytes each)");
        var entries = new DictionaryEntry[size];
        for (int i = 0; i < size; i++)
        {
            var word = reader.ReadZeroTerminated($"dictionary entry {i} of {size} (zero-terminated token)");
            long count = reader.ReadInt64($"count of dictionary entry {i}");
            byte type = reader.ReadByte($"type of dictionary entry {i}");
            if (type > 1)
                throw reader.Error($"dictionary entry {i} has type {type}, expected 0 (word) or 1 (label)");
            bool isLabel = type == 1;
            if (isLabel != (i >= nwords))
                throw reader.Error($"dictionary entry {i} is a {(isLabel ? "label" : "word")} but the header says {nwords} words come first");
            entries[i] = new DictionaryEntry(word, count, isLabel);
        }
        PruneIndex? prune = null;
        if (pruneSize >= 0)
        {
            reader.EnsureAvailable(pruneSize * 8, $"{pruneSize} prune index pairs");
            var pairs = new List<(int, int)>((int)pruneSize);
            for (long i = 0; i < pruneSize; i++)
            {
                int from = reader.ReadInt32($"prune index pair {i} (bucket)");
                int to = reader.ReadInt32($"prune index pair {i} (row)");
                if (from < 0)
                    throw reader.Error($"prune index pair {i} has negative bucket {from}");
                if (to < 0 || to >= pruneSize)
                    throw reader.Error($"prune index pair {i} maps bucket {from} to row {to}, outside 0..{pruneSize - 1}");
                pairs.Add((from, to));
            }
            prune = new PruneIndex(pairs);
        }
        try
        {
            return new FastTextDictionary(entries, ntokens, pruneSize, prune, args.MinN, args.MaxN, args.Bucket, args.WordNgrams);
        }
        catch (ArgumentException e)
        {
            throw reader.Error(e.Message);
        }
    }

    /// <summary>Writes the dictionary block in fastText's layout.</summary>
    public void Write(ModelFileWriter writer)
    {
        writer.WriteInt32(Size);
        writer.WriteInt32(WordCount);
        writer.WriteInt32(LabelCount);
        writer.WriteInt64(TokenCount);
        writer.WriteInt64(PruneIndexSize);
        foreach (var e in _entries)
        {
            writer.WriteBytes(e.Word);
            writer.WriteByte(0);
            writer.WriteInt64(e.Count);
            writer.WriteByte(e.IsLabel ? (byte)1 : (byte)0);
        }
        if (_pruneIndex is not null)
        {
            foreach (var (from, to) in _pruneIndex.Pairs)
            {
                writer.WriteInt32(from);
                writer.WriteInt32(to);
            }
        }
    }
}
