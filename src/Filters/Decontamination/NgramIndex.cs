using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace YuLanData.Filters.Decontamination;

/// <summary>
/// The n-grams of a set of benchmark items and which items each occurs in, loaded for matching.
/// </summary>
/// <remarks>
/// File layout (little-endian; version 1). Header, 64 bytes:
/// <code>
///  0  8  magic "YLDECON\0"
///  8  4  format version (1)
/// 12  4  n-gram unit (0 words, 1 chars)
/// 16  4  n (units per n-gram)
/// 20  4  max_items_per_ngram
/// 24  4  min_short_item_units
/// 28  4  normalizer version (DecontaminationNormalizer.Version)
/// 32  4  benchmark count B
/// 36  4  item count I
/// 40  4  n-gram count G
/// 44  4  posting count P
/// 48  4  common n-grams left out (occurring in more than max_items_per_ngram items)
/// 52  4  whole-item key length count S
/// 56  8  payload length in bytes
/// </code>
/// Payload: B benchmark names (u32 byte length + UTF-8); I items (u32 benchmark, u32 units, u32 n-grams,
/// u32 byte length + UTF-8 id); G u64 n-gram keys in ascending order; G+1 u32 posting offsets; P u32 item
/// indexes (the items of key k are postings[offsets[k]..offsets[k+1]]); S u32 whole-item key lengths, ascending;
/// u32 K and K u64 whole-item keys, ascending (a subset of the n-gram keys, given their own small prefilter).
/// Trailer, 16 bytes: u64 XXH64 (seed 0) of header and payload, then "YLDECEND".
/// An n-gram key is a polynomial hash of its units' 64-bit hashes mixed with its length (NgramHash); a short item (fewer than n
/// units, at least min_short_item_units) is keyed by its whole unit sequence.
/// </remarks>
public sealed class NgramIndex
{
    /// <summary>The first 8 bytes of every index file.</summary>
    public static ReadOnlySpan<byte> Magic => "YLDECON\0"u8;

    /// <summary>The last 8 bytes of every index file.</summary>
    public static ReadOnlySpan<byte> EndMagic => "YLDECEND"u8;

    /// <summary>The layout version this code reads and writes.</summary>
    public const int FormatVersion = 1;

    private const int HeaderBytes = 64, TrailerBytes = 16;

    private readonly ulong[] _keys;
    private readonly int[] _postingStarts;
    private readonly int[] _postings;
    private readonly ulong[] _tableKeys;
    private readonly int[] _tableSlots;
    private readonly int _tableMask;
    private readonly ulong[] _filter;
    private readonly int _filterShift;
    private readonly ulong[] _shortFilter;
    private readonly int _shortFilterShift;
    private readonly ulong[] _shortKeys;

    internal NgramIndex(NgramIndexParameters parameters, string[] benchmarks, IndexedItem[] items, ulong[] keys,
        int[] postingStarts, int[] postings, int commonNgramsDropped, int[] shortLengths, ulong[] shortKeys)
    {
        Parameters = parameters;
        Benchmarks = benchmarks;
        Items = items;
        _keys = keys;
        _postingStarts = postingStarts;
        _postings = postings;
        CommonNgramsDropped = commonNgramsDropped;
        int capacity = 16;
        while (capacity < keys.Length * 2)
            capacity <<= 1;
        _tableKeys = new ulong[capacity];
        _tableSlots = new int[capacity];
        _tableMask = capacity - 1;
        for (int k = 0; k < keys.Length; k++)
        {
            int slot = (int)(keys[k] >> 32 ^ keys[k]) & _tableMask;
            while (_tableSlots[slot] != 0)
                slot = (slot + 1) & _tableMask;
            _tableKeys[slot] = keys[k];
            _tableSlots[slot] = k + 1;
        }
        ShortLengths = shortLengths;
        ShortLengthArray = shortLengths;
        // A one-hash Bloom filter with at least 16 bits per key (at most 1 in 16 absent keys pass): most
        // positions of a clean text stop at one load from this small array instead of probing the table.
        // Whole-item keys get their own small filter: the matcher tries every short length at every position.
        _shortKeys = shortKeys;
        (_filter, _filterShift) = BuildFilter(keys.Where(k => Array.BinarySearch(shortKeys, k) < 0));
        (_shortFilter, _shortFilterShift) = BuildFilter(shortKeys);
    }

    public NgramIndexParameters Parameters { get; }

    /// <summary>Benchmark names in the order they were added.</summary>
    public IReadOnlyList<string> Benchmarks { get; }

    /// <summary>Every item, matchable or not.</summary>
    public IReadOnlyList<IndexedItem> Items { get; }

    /// <summary>Distinct n-grams held.</summary>
    public int NgramCount => _keys.Length;

    /// <summary>N-grams left out because more than <see cref="NgramIndexParameters.MaxItemsPerNgram"/> items share them.</summary>
    public int CommonNgramsDropped { get; }

    /// <summary>The unit counts of the whole-item keys of short items (each below n), ascending.</summary>
    public IReadOnlyList<int> ShortLengths { get; }

    /// <summary><see cref="ShortLengths"/> as an array, for enumeration without allocation.</summary>
    internal int[] ShortLengthArray { get; }

    private static (ulong[] Bits, int Shift) BuildFilter(IEnumerable<ulong> keys)
    {
        var list = keys.ToList();
        int filterBits = 1 << 12;
        while (filterBits < list.Count * 16L && filterBits < 1 << 30)
            filterBits <<= 1;
        var bits = new ulong[filterBits / 64];
        int shift = 64 - System.Numerics.BitOperations.Log2((uint)filterBits);
        foreach (ulong key in list)
        {
            ulong bit = key >> shift;
            bits[bit >> 6] |= 1UL << (int)(bit & 63);
        }
        return (bits, shift);
    }

    /// <summary>False when the whole-item key <paramref name="key"/> of a short item is certainly not indexed.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool MayContainShort(ulong key)
    {
        ulong bit = key >> _shortFilterShift;
        return (_shortFilter[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    /// <summary>False when <paramref name="key"/> is certainly not indexed (a cheap test before <see cref="ItemsOf"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool MayContain(ulong key)
    {
        ulong bit = key >> _filterShift;
        return (_filter[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    /// <summary>The items an n-gram key occurs in (empty when the key is not indexed).</summary>
    public ReadOnlySpan<int> ItemsOf(ulong key)
    {
        int slot = (int)(key >> 32 ^ key) & _tableMask;
        while (true)
        {
            int k = _tableSlots[slot];
            if (k == 0)
                return [];
            if (_tableKeys[slot] == key)
                return _postings.AsSpan(_postingStarts[k - 1], _postingStarts[k] - _postingStarts[k - 1]);
            slot = (slot + 1) & _tableMask;
        }
    }

    /// <summary>Writes the index in the layout above.</summary>
    public void Write(Stream stream)
    {
        var payload = new MemoryStream();
        var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
        foreach (var name in Benchmarks)
            WriteString(w, name);
        foreach (var item in Items)
        {
            w.Write((uint)item.Benchmark);
            w.Write((uint)item.Units);
            w.Write((uint)item.Ngrams);
            WriteString(w, item.Id);
        }
        foreach (var key in _keys)
            w.Write(key);
        foreach (var start in _postingStarts)
            w.Write((uint)start);
        foreach (var item in _postings)
            w.Write((uint)item);
        foreach (var length in ShortLengths)
            w.Write((uint)length);
        w.Write((uint)_shortKeys.Length);
        foreach (var key in _shortKeys)
            w.Write(key);
        w.Flush();
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        var p = Parameters;
        uint[] fields = [FormatVersion, (uint)p.Unit, (uint)p.N, (uint)p.MaxItemsPerNgram, (uint)p.MinShortItemUnits,
            DecontaminationNormalizer.Version, (uint)Benchmarks.Count, (uint)Items.Count, (uint)_keys.Length, (uint)_postings.Length,
            (uint)CommonNgramsDropped, (uint)ShortLengths.Count];
        for (int f = 0; f < fields.Length; f++)
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8 + 4 * f), fields[f]);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(56), (ulong)payload.Length);
        var hash = new XxHash64();
        hash.Append(header);
        hash.Append(payload.GetBuffer().AsSpan(0, (int)payload.Length));
        var trailer = new byte[TrailerBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, hash.GetCurrentHashAsUInt64());
        EndMagic.CopyTo(trailer.AsSpan(8));
        stream.Write(header);
        stream.Write(payload.GetBuffer().AsSpan(0, (int)payload.Length));
        stream.Write(trailer);
    }

    /// <summary>Writes the index to <paramref name="path"/> (through a temporary file, so a reader never sees half of it).</summary>
    public void WriteFile(string path)
    {
        string temp = path + ".tmp";
        using (var file = File.Create(temp))
            Write(file);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Loads an index file; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static NgramIndex ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"decontamination index {path} not found (build one with `yulandata decontam index`)", path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses index bytes; <paramref name="name"/> names the source in errors.</summary>
    public static NgramIndex Read(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 8 || !data[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a decontamination index (bad magic)");
        if (data.Length < HeaderBytes)
            throw new InvalidDataException($"{name}: truncated: {data.Length} bytes, shorter than the {HeaderBytes}-byte header");
        var head = data[..HeaderBytes].ToArray();
        uint U(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(offset));
        uint version = U(8);
        if (version != FormatVersion)
            throw new InvalidDataException($"{name}: index format version {version}, this build reads version {FormatVersion}; rebuild the index");
        uint normalizer = U(28);
        if (normalizer != DecontaminationNormalizer.Version)
            throw new InvalidDataException($"{name}: built with text normalization version {normalizer}, this build uses {DecontaminationNormalizer.Version}; rebuild the index");
        ulong payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(data[56..]);
        ulong expected = HeaderBytes + payloadLength + TrailerBytes;
        if ((ulong)data.Length != expected)
            throw new InvalidDataException(data.Length < (long)Math.Min(expected, long.MaxValue)
                ? $"{name}: truncated: {data.Length} bytes, the header announces {expected}"
                : $"{name}: {data.Length} bytes, the header announces {expected}: trailing garbage or a corrupted header");
        var trailer = data[(data.Length - TrailerBytes)..];
        if (!trailer[8..].SequenceEqual(EndMagic))
            throw new InvalidDataException($"{name}: end marker missing (truncated or corrupted)");
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(trailer);
        ulong actual = XxHash64.HashToUInt64(data[..(data.Length - TrailerBytes)]);
        if (stored != actual)
            throw new InvalidDataException($"{name}: checksum mismatch (stored {stored:x16}, computed {actual:x16}): the file is corrupted");
        NgramIndexParameters parameters;
        try
        {
            parameters = new NgramIndexParameters((int)U(16), (NgramUnit)U(12), (int)U(20), (int)U(24));
            parameters.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{name}: bad parameters in header: {e.Message}");
        }
        int benchmarkCount = Count(U(32), name), itemCount = Count(U(36), name), keyCount = Count(U(40), name), postingCount = Count(U(44), name);
        int common = Count(U(48), name), shortCount = Count(U(52), name);
        var reader = new PayloadReader(data[HeaderBytes..(data.Length - TrailerBytes)], name);
        var benchmarks = new string[benchmarkCount];
        for (int b = 0; b < benchmarkCount; b++)
            benchmarks[b] = reader.String();
        var items = new IndexedItem[itemCount];
        for (int i = 0; i < itemCount; i++)
        {
            int benchmark = reader.Int(), units = reader.Int(), ngrams = reader.Int();
            if (benchmark >= benchmarkCount)
                throw new InvalidDataException($"{name}: item {i} names benchmark {benchmark} of {benchmarkCount}");
            items[i] = new IndexedItem(benchmark, reader.String(), units, ngrams);
        }
        var keys = new ulong[keyCount];
        for (int k = 0; k < keyCount; k++)
        {
            keys[k] = reader.ULong();
            if (k > 0 && keys[k] <= keys[k - 1])
                throw new InvalidDataException($"{name}: n-gram keys not strictly ascending at {k}");
        }
        var starts = new int[keyCount + 1];
        for (int k = 0; k <= keyCount; k++)
        {
            starts[k] = reader.Int();
            if ((k > 0 && starts[k] < starts[k - 1]) || starts[k] > postingCount)
                throw new InvalidDataException($"{name}: posting offset {k} out of order or range");
        }
        if (starts[0] != 0 || starts[keyCount] != postingCount)
            throw new InvalidDataException($"{name}: posting offsets do not cover the {postingCount} postings");
        var postings = new int[postingCount];
        for (int p = 0; p < postingCount; p++)
        {
            postings[p] = reader.Int();
            if (postings[p] >= itemCount)
                throw new InvalidDataException($"{name}: posting {p} names item {postings[p]} of {itemCount}");
        }
        var shortLengths = new int[shortCount];
        for (int l = 0; l < shortCount; l++)
        {
            shortLengths[l] = reader.Int();
            if (shortLengths[l] < 1 || shortLengths[l] >= parameters.N || (l > 0 && shortLengths[l] <= shortLengths[l - 1]))
                throw new InvalidDataException($"{name}: whole-item key length {shortLengths[l]} out of order or not below n={parameters.N}");
        }
        int shortKeyCount = reader.Int();
        var shortKeys = new ulong[shortKeyCount];
        for (int k = 0; k < shortKeyCount; k++)
        {
            shortKeys[k] = reader.ULong();
            if ((k > 0 && shortKeys[k] <= shortKeys[k - 1]) || Array.BinarySearch(keys, shortKeys[k]) < 0)
                throw new InvalidDataException($"{name}: whole-item key {k} out of order or not among the n-gram keys");
        }
        if (!reader.AtEnd)
            throw new InvalidDataException($"{name}: {reader.Remaining} unexpected bytes after the postings");
        return new NgramIndex(parameters, benchmarks, items, keys, starts, postings, common, shortLengths, shortKeys);
    }

    private static int Count(uint value, string name) =>
        value <= int.MaxValue ? (int)value : throw new InvalidDataException($"{name}: count {value} in header is out of range");

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((uint)bytes.Length);
        w.Write(bytes);
    }

    private ref struct PayloadReader(ReadOnlySpan<byte> data, string name)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public readonly int Remaining => _data.Length - _position;

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _data.Length - _position)
                throw new InvalidDataException($"{name}: payload ends early at byte {HeaderBytes + _position} (needs {count} more)");
            var span = _data.Slice(_position, count);
            _position += count;
            return span;
        }

        public int Int()
        {
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
            return value <= int.MaxValue ? (int)value : throw new InvalidDataException($"{name}: value {value} out of range at byte {HeaderBytes + _position - 4}");
        }

        public ulong ULong() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public string String()
        {
            int length = Int();
            try
            {
                return new UTF8Encoding(false, true).GetString(Take(length));
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataException($"{name}: invalid UTF-8 in a name at byte {HeaderBytes + _position - length}");
            }
        }
    }
}
