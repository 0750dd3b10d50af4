using TorchSharp;
using static TorchSharp.torch;

namespace YuLanData.Inference.Model;

/// <summary>
/// Preallocated key/value cache: per layer one key and one value tensor of shape
/// [slots, kv_heads, max_length, head_dim], zero-filled (masked positions must never hold NaN). A slot is one
/// sequence; writes go through a flat [slots * kv_heads * max_length, head_dim] view with one <c>index_copy_</c>.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;
    private readonly Tensor[] _flatKeys;
    private readonly Tensor[] _flatValues;

    /// <summary>Number of sequences the cache holds at once.</summary>
    public int Slots { get; }
    /// <summary>Longest sequence (prompt plus generated tokens) a slot holds.</summary>
    public int MaxLength { get; }
    /// <summary>Key/value heads per layer.</summary>
    public int KvHeads { get; }

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
        _keys = new Tensor[config.NumLayers];
        _values = new Tensor[config.NumLayers];
        _flatKeys = new Tensor[config.NumLayers];
        _flatValues = new Tensor[config.NumLayers];
        try
        {
            for (var i = 0; i < config.NumLayers; i++)
            {
                _keys[i] = zeros(new long[] { slots, KvHeads, maxLength, config.HeadDim }, dtype, device);
                _values[i] = zeros(new long[] { slots, KvHeads, maxLength, config.HeadDim }, dtype, device);
                _flatKeys[i] = _keys[i].view(-1, config.HeadDim);
                _flatValues[i] = _values[i].view(-1, config.HeadDim);
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

    /// <summary>Writes rows of keys and values of one layer at flat positions (see <see cref="FlatIndex"/>).</summary>
    /// <param name="layer">Layer index.</param>
    /// <param name="index">Flat row indices, int64, one per written (sequence, head, position).</param>
    /// <param name="keys">Keys, [index.Length, head_dim].</param>
    /// <param name="values">Values, [index.Length, head_dim].</param>
    internal void Write(int layer, Tensor index, Tensor keys, Tensor values)
    {
        _flatKeys[layer].index_copy_(0, index, keys);
        _flatValues[layer].index_copy_(0, index, values);
    }

    /// <summary>The first <paramref name="length"/> positions of all slots of a layer, [slots, kv_heads, length, head_dim] views.</summary>
    internal (Tensor Keys, Tensor Values) Prefix(int layer, int length) =>
        (_keys[layer].narrow(2, 0, length), _values[layer].narrow(2, 0, length));

    /// <summary>Flat row of (slot, head, position) in a layer's flat view.</summary>
    public long FlatIndex(int slot, int head, int position) => ((long)slot * KvHeads + head) * MaxLength + position;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _flatKeys) t?.Dispose();
        foreach (var t in _flatValues) t?.Dispose();
        foreach (var t in _keys) t?.Dispose();
        foreach (var t in _values) t?.Dispose();
    }
}
