using TorchSharp;
using static TorchSharp.torch;

namespace YuLanData.Inference.Model;

/// <summary>
/// Preallocated key/value cache: per layer one tensor of shape [slots, max_length, 2 * kv_heads, head_dim] holding
/// a position's keys (heads 0..kv-1) next to its values (heads kv..2kv-1), zero-filled (masked positions must
/// never hold NaN). Position-major rows make one decode write a single <c>index_copy_</c> of [rows, 2 kv, head_dim]
/// and give attention keys and values in the [batch, length, heads, head_dim] layout fused attention kernels read.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _entries;
    private readonly Tensor[] _rows;
    private readonly Tensor?[] _prefixKeys;
    private readonly Tensor?[] _prefixValues;
    private int _prefixLength;

    /// <summary>Number of sequences the cache holds at once.</summary>
    public int Slots { get; }
    /// <summary>Longest sequence (prompt plus generated tokens) a slot holds.</summary>
    public int MaxLength { get; }
    /// <summary>Key/value heads per layer.</summary>
    public int KvHeads { get; }

    /// <summary>Row of each slot's position 0, [slots] int64 on the cache's device.</summary>
    internal Tensor SlotStarts { get; }

    /// <summary>Allocates a cache for <paramref name="config"/>.</summary>
    /// <param name="config">Model shape.</param>
    /// <param name="slots">Sequences held at once (the decode batch).</param>
    /// <param name="maxLength">Positions per sequence.</param>
    /// <param name="dtype">Element type (the model's).</param>
    /// <param name="device">Where the cache lives.</param>
    public KvCache(LlamaConfig config, int slots, int maxLength, ScalarType dtype, Device device)
    {
        Slots = slots;
        MaxLength = maxLength;
        KvHeads = config.NumKeyValueHeads;
        _entries = new Tensor[config.NumLayers];
        _rows = new Tensor[config.NumLayers];
        _prefixKeys = new Tensor?[config.NumLayers];
        _prefixValues = new Tensor?[config.NumLayers];
        SlotStarts = arange(0L, (long)slots * maxLength, maxLength, ScalarType.Int64, device);
        try
        {
            for (var i = 0; i < config.NumLayers; i++)
            {
                _entries[i] = zeros(new long[] { slots, maxLength, 2 * KvHeads, config.HeadDim }, dtype, device);
                _rows[i] = _entries[i].view(-1, 2 * KvHeads, config.HeadDim);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Bytes a cache of this shape takes.</summary>
    public static long BytesFor(LlamaConfig config, int slots, int maxLength, int elementSize) =>
        2L * config.NumLayers * slots * config.NumKeyValueHeads * maxLength * config.HeadDim * elementSize;

    /// <summary>Writes keys and values of one layer at flat rows (see <see cref="Row"/>).</summary>
    /// <param name="layer">Layer index.</param>
    /// <param name="rows">Flat row indices, int64, one per written (sequence, position).</param>
    /// <param name="keysThenValues">[rows, 2 kv_heads, head_dim]: key heads, then value heads (may be a strided view).</param>
    internal void Write(int layer, Tensor rows, Tensor keysThenValues) => _rows[layer].index_copy_(0, rows, keysThenValues);

    /// <summary>
    /// The first <paramref name="length"/> positions of all slots of a layer as [slots, kv_heads, length, head_dim]
    /// views, owned by the cache: they are kept while the length stays (a decode step would otherwise create five
    /// views per layer) and disposed when it changes.
    /// </summary>
    internal (Tensor Keys, Tensor Values) Prefix(int layer, int length)
    {
        if (length != _prefixLength)
        {
            DisposePrefixes();
            _prefixLength = length;
        }
        if (_prefixKeys[layer] is null)
        {
            using var scope = NewDisposeScope();
            var window = _entries[layer].narrow(1, 0, length);
            _prefixKeys[layer] = window.narrow(2, 0, KvHeads).transpose(1, 2).DetachFromDisposeScope();
            _prefixValues[layer] = window.narrow(2, KvHeads, KvHeads).transpose(1, 2).DetachFromDisposeScope();
        }
        return (_prefixKeys[layer]!, _prefixValues[layer]!);
    }

    private void DisposePrefixes()
    {
        for (var i = 0; i < _prefixKeys.Length; i++)
        {
            _prefixKeys[i]?.Dispose();
            _prefixValues[i]?.Dispose();
            _prefixKeys[i] = _prefixValues[i] = null;
        }
    }

    /// <summary>Flat row of (slot, position).</summary>
    public long Row(int slot, int position) => (long)slot * MaxLength + position;

    /// <summary>Zeroes a slot in every layer (after a request left NaN or infinity in it).</summary>
    public void Clear(int slot)
    {
        using var _ = no_grad();
        foreach (var entry in _entries)
        {
            using var view = entry[slot];
            view.zero_();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_prefixKeys is not null) DisposePrefixes();
        foreach (var t in _rows) t?.Dispose();
        foreach (var t in _entries) t?.Dispose();
        SlotStarts?.Dispose();
    }
}
