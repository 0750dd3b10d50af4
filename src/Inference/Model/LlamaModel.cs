using TorchSharp;
using YuLanData.Inference.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace YuLanData.Inference.Model;

/// <summary>
/// A Llama causal language model (the architecture YuLan-Mini is released in) for inference: RMSNorm, RoPE,
/// grouped-query attention with optional q/k/v/o biases, SwiGLU feed-forward, untied or tied output head.
/// The decode step is written for few kernel launches (eager GPU decoding is bound by op dispatch): fused QKV and
/// gate/up weights, RMSNorm as one layer-norm call, RoPE applied to q, k and v at once (v with cos 1, sin 0) by
/// a roll and an <c>addcmul</c>, one cache write per layer, residual adds inside the projections' GEMMs. Grouped-query
/// attention runs without repeating keys: the query heads that share a key/value head are the query-length axis of
/// one attention call, and the query heads are stored group-major so that attention's output is already in the
/// output projection's column order.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly LlamaLayerWeights[] _layers;
    private readonly Tensor _embed;
    private readonly Tensor _finalNorm;
    private readonly Tensor _lmHead;
    private readonly Tensor _ropeCos;
    private readonly Tensor _ropeSin;
    private readonly Tensor _passCos;
    private readonly Tensor _passSin;
    private readonly Tensor _mirror;
    private readonly Tensor _keyIndex;

    /// <summary>The model's configuration.</summary>
    public LlamaConfig Config { get; }
    /// <summary>Where the weights live.</summary>
    public Device Device { get; }
    /// <summary>Element type of weights, activations and the KV cache.</summary>
    public ScalarType DType { get; }

    /// <summary>Bytes per element of <see cref="DType"/>.</summary>
    public int ElementSize => (int)_embed.ElementSize;

    /// <summary>Bytes of weights a decode step reads: every layer, the final norm and the output head (not the embedding table).</summary>
    public long WeightBytesPerStep =>
        _layers.Sum(l => l.All.Sum(t => t.NumberOfElements * t.ElementSize)) + _finalNorm.NumberOfElements * _finalNorm.ElementSize +
        _lmHead.NumberOfElements * _lmHead.ElementSize;

    private LlamaModel(LlamaConfig config, Device device, ScalarType dtype, Tensor embed, Tensor finalNorm, Tensor lmHead, LlamaLayerWeights[] layers)
    {
        Config = config;
        Device = device;
        DType = dtype;
        _embed = embed;
        _finalNorm = finalNorm;
        _lmHead = lmHead;
        _layers = layers;
        (_ropeCos, _ropeSin) = RopeTables(config, dtype, device);
        // Built inside the loader's dispose scope: detached so that they live as long as the model.
        _passCos = ones(new long[] { 1, 1, config.HeadDim }, dtype, device).DetachFromDisposeScope();
        _passSin = zeros(new long[] { 1, 1, config.HeadDim }, dtype, device).DetachFromDisposeScope();
        _mirror = tensor(new float[] { 1, -1 }, dtype, device).reshape(1, 2, 1).DetachFromDisposeScope();
        _keyIndex = arange(config.MaxPositionEmbeddings, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
    }

    /// <summary>
    /// Loads a Hugging Face folder (<c>config.json</c> and safetensors weights, single or sharded) of a Llama, Qwen2
    /// (q/k/v biases, no o bias) or YuLan-Mini (<c>yulanmini</c>/<c>miniyulan</c>: muP/WeSaR scales folded in at load) model.
    /// </summary>
    /// <param name="directory">The model folder.</param>
    /// <param name="device">Target device, e.g. <c>cpu</c> or <c>cuda</c>.</param>
    /// <param name="dtype">Compute dtype; stored weights are converted to it.</param>
    public static LlamaModel Load(string directory, Device device, ScalarType dtype = ScalarType.Float32)
    {
        var config = LlamaConfig.Load(directory);
        var checkpoint = SafetensorsCheckpoint.Open(directory);
        Func<string, long[], Tensor> load = (name, shape) => checkpoint.Load(name, shape, dtype, device);
        Func<string, bool> contains = checkpoint.Contains;
        if (config.MupScales is { } scales) (load, contains) = scales.Fold(config, load, contains, checkpoint.ReadScalar);
        return FromTensors(config, device, dtype, load, contains);
    }

    /// <summary>A model with random weights of the given shape (biases and norms included); for benchmarks.</summary>
    /// <param name="config">Shape.</param>
    /// <param name="device">Target device.</param>
    /// <param name="dtype">Weight dtype.</param>
    /// <param name="seed">Seed of the random weights.</param>
    public static LlamaModel Random(LlamaConfig config, Device device, ScalarType dtype, long seed = 1234)
    {
        using var generator = new Generator((ulong)seed, device);
        var scale = 1.0 / Math.Sqrt(config.HiddenSize);
        return FromTensors(config, device, dtype, (name, shape) =>
        {
            // Temporaries die with this scope; the weight moves to the loader's scope, which disposes the unfused pieces.
            using var scope = NewDisposeScope();
            Tensor t = name.Contains("norm")
                ? ones(shape, dtype, device)
                : (randn(shape, ScalarType.Float32, device, generator: generator) * (name.EndsWith(".bias") ? 0.02 : scale)).to(dtype);
            return scope.MoveToOuter(t);
        }, _ => true);
    }

    private static LlamaModel FromTensors(LlamaConfig config, Device device, ScalarType dtype, Func<string, long[], Tensor> load, Func<string, bool> contains)
    {
        config.Validate();
        var h = (long)config.HiddenSize;
        var q = (long)config.NumHeads * config.HeadDim;
        var kv = (long)config.NumKeyValueHeads * config.HeadDim;
        var ffn = (long)config.IntermediateSize;
        var created = new List<IDisposable>();
        T Keep<T>(T t) where T : IDisposable { created.Add(t); return t; }
        try
        {
            using var scope = NewDisposeScope();
            var embed = load("model.embed_tokens.weight", [config.VocabSize, h]);
            var finalNorm = NormWeight(load("model.norm.weight", [h]));
            var lmHead = config.TieWordEmbeddings && !contains("lm_head.weight")
                ? embed
                : load("lm_head.weight", [config.VocabSize, h]);
            Keep(embed.DetachFromDisposeScope());
            Keep(finalNorm.DetachFromDisposeScope());
            if (!ReferenceEquals(lmHead, embed)) Keep(lmHead.DetachFromDisposeScope());
            var layers = new LlamaLayerWeights[config.NumLayers];
            var (kvHeads, group, headDim) = ((long)config.NumKeyValueHeads, (long)config.GroupSize, (long)config.HeadDim);
            // Query heads group-major: stored head g * kv_heads + j is transformers' head j * group + g.
            Tensor GroupMajorRows(Tensor t) => t.view(kvHeads, group, -1).transpose(0, 1).reshape(t.shape);
            Tensor GroupMajorColumns(Tensor t) => t.view(h, kvHeads, group, headDim).transpose(1, 2).reshape(t.shape);
            for (var i = 0; i < config.NumLayers; i++)
            {
                var p = $"model.layers.{i}.";
                Tensor? Bias(string name, long size, bool present) => present ? load(p + name, [size]) : null;
                Tensor? Cat(Tensor? a, Tensor? b, Tensor? c = null) =>
                    a is null ? null : cat(new[] { a, b!, c }.Where(t => t is not null).ToArray()!, 0);
                var queryBias = Bias("self_attn.q_proj.bias", q, config.AttentionBias);
                layers[i] = new LlamaLayerWeights
                {
                    InputNorm = NormWeight(load(p + "input_layernorm.weight", [h])),
                    Qkv = cat([GroupMajorRows(load(p + "self_attn.q_proj.weight", [q, h])), load(p + "self_attn.k_proj.weight", [kv, h]), load(p + "self_attn.v_proj.weight", [kv, h])], 0),
                    QkvBias = Cat(queryBias is null ? null : GroupMajorRows(queryBias), Bias("self_attn.k_proj.bias", kv, config.AttentionBias), Bias("self_attn.v_proj.bias", kv, config.AttentionBias)),
                    Output = GroupMajorColumns(load(p + "self_attn.o_proj.weight", [h, q])),
                    OutputBias = Bias("self_attn.o_proj.bias", h, config.HasOutputProjectionBias || (config.MupScales is not null && contains(p + "self_attn.o_proj.bias"))),
                    PostAttentionNorm = NormWeight(load(p + "post_attention_layernorm.weight", [h])),
                    GateUp = cat([load(p + "mlp.gate_proj.weight", [ffn, h]), load(p + "mlp.up_proj.weight", [ffn, h])], 0),
                    GateUpBias = Cat(Bias("mlp.gate_proj.bias", ffn, config.MlpBias), Bias("mlp.up_proj.bias", ffn, config.MlpBias)),
                    Down = load(p + "mlp.down_proj.weight", [h, ffn]),
                    DownBias = Bias("mlp.down_proj.bias", h, config.MlpBias),
                };
                foreach (var t in layers[i].All) t.DetachFromDisposeScope();
                Keep(layers[i]);
                scope.DisposeEverything();
            }
            return new LlamaModel(config, device, dtype, embed, finalNorm, lmHead, layers);
        }
        catch
        {
            foreach (var d in created) d.Dispose();
            throw;
        }
    }

    /// <summary>Loads a model folder on a device given by name (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>).</summary>
    public static LlamaModel Load(string directory, string device, ScalarType dtype = ScalarType.Float32) =>
        Load(directory, TorchRuntime.Device(device), dtype);

    /// <summary>Logits at every position of one sequence, [length, vocab] float32 on the CPU (no cache).</summary>
    /// <param name="tokens">Input ids.</param>
    public Tensor Logits(IReadOnlyList<int> tokens)
    {
        using var scope = NewDisposeScope();
        using var all = Prefill([tokens], tokens.Count, cache: null, slots: null, allPositions: true);
        return all[0].cpu().DetachFromDisposeScope();
    }

    /// <summary>
    /// Runs prompts of different lengths together, right-padded to <paramref name="paddedLength"/>, and returns
    /// float32 logits: [prompts, vocab] at each prompt's last position, or [prompts, paddedLength, vocab] when
    /// <paramref name="allPositions"/>. With a cache, each prompt's keys and values go to its slot, positions 0...
    /// </summary>
    /// <param name="prompts">Token ids per prompt (each non-empty, at most <paramref name="paddedLength"/>).</param>
    /// <param name="paddedLength">Common length to pad to (a bucket, for stable shapes).</param>
    /// <param name="cache">Cache to fill, or null.</param>
    /// <param name="slots">Cache slot per prompt (required with a cache).</param>
    /// <param name="allPositions">Whether to return logits at all positions.</param>
    public Tensor Prefill(IReadOnlyList<IReadOnlyList<int>> prompts, int paddedLength, KvCache? cache, IReadOnlyList<int>? slots, bool allPositions = false)
    {
        var b = prompts.Count;
        var t = paddedLength;
        var c = Config;
        if (t > c.MaxPositionEmbeddings || (cache is not null && t > cache.MaxLength))
            throw new ArgumentException($"prompt length {t} exceeds the context ({Math.Min(c.MaxPositionEmbeddings, cache?.MaxLength ?? int.MaxValue)})");
        using var scope = NewDisposeScope();
        var ids = new long[b * t];
        var lengths = new long[b];
        for (var r = 0; r < b; r++)
        {
            var p = prompts[r];
            if (p.Count == 0 || p.Count > t) throw new ArgumentException($"prompt {r} has {p.Count} tokens; it must have 1 to {t}");
            lengths[r] = p.Count;
            for (var i = 0; i < p.Count; i++)
            {
                if ((uint)p[i] >= (uint)c.VocabSize) throw new ArgumentException($"prompt {r} token {i} is id {p[i]}, outside the vocabulary of {c.VocabSize}");
                ids[r * t + i] = p[i];
            }
        }
        var idTensor = tensor(ids, device: Device);
        var positions = arange(t, dtype: ScalarType.Int64, device: Device).repeat(b);
        var lengthTensor = tensor(lengths, device: Device);
        // mask[r, 0, i, j]: query i may see key j when j <= i and j is inside the prompt.
        var keyIdx = _keyIndex.narrow(0, 0, t);
        var causal = keyIdx.unsqueeze(0).le(keyIdx.unsqueeze(1)); // [t, t]
        var inside = keyIdx.unsqueeze(0).lt(lengthTensor.unsqueeze(1)); // [b, t]
        var mask = causal.unsqueeze(0).logical_and(inside.unsqueeze(1)).unsqueeze(1); // [b,1,t,t]
        if (c.GroupSize > 1) mask = mask.repeat(1, 1, c.GroupSize, 1);
        Tensor? rows = null;
        if (cache is not null)
        {
            if (slots is null || slots.Count != b) throw new ArgumentException("a slot per prompt is required with a cache");
            var index = new long[b * t];
            for (var r = 0; r < b; r++)
                for (var i = 0; i < t; i++)
                    index[r * t + i] = cache.Row(slots[r], i);
            rows = tensor(index, device: Device);
        }
        var (kv, group, hd) = ((long)c.NumKeyValueHeads, (long)c.GroupSize, (long)c.HeadDim);
        var x = _embed.index_select(0, idTensor); // [b*t, H], updated in place by every layer
        var xRows = x.unsqueeze(1); // the same storage as [b*t, 1, H], for the norms
        var (cos, sin) = RopeFactors(positions);
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var qkv = ProjectQkv(layer, xRows, cos, sin);
            cache?.Write(l, rows!, qkv.narrow(1, c.NumHeads, 2 * kv));
            // Query heads are stored (group, kv); fold the group into the query-length axis: [b, kv, group * t, hd].
            var qg = qkv.narrow(1, 0, c.NumHeads).view(b, t, group, kv, hd).permute(0, 3, 2, 1, 4).reshape(b, kv, group * t, hd);
            var kt = qkv.narrow(1, c.NumHeads, kv).view(b, t, kv, hd).transpose(1, 2);
            var vt = qkv.narrow(1, c.NumHeads + kv, kv).view(b, t, kv, hd).transpose(1, 2);
            var attended = F.scaled_dot_product_attention(qg, kt, vt, mask)
                .view(b, kv, group, t, hd).permute(0, 3, 2, 1, 4).reshape(b * t, c.NumHeads * hd);
            FinishLayer(layer, x, xRows, attended);
        }
        Tensor logits;
        if (allPositions)
        {
            logits = Head(x).view(b, t, c.VocabSize);
        }
        else
        {
            var last = arange(b, dtype: ScalarType.Int64, device: Device).mul(t).add(lengthTensor).sub(1);
            logits = Head(x.index_select(0, last));
        }
        return logits.DetachFromDisposeScope();
    }

    /// <summary>
    /// One decode step for every cache slot: each slot's token at its own position. Keys are attended over the
    /// first <paramref name="keyLength"/> cache positions (a bucket, for stable shapes) with a mask hiding
    /// positions after each slot's own. Returns float32 logits [slots, vocab].
    /// </summary>
    /// <param name="tokens">One token id per slot, int64 on the model's device.</param>
    /// <param name="positions">Position of each slot's token (its sequence length before the token).</param>
    /// <param name="cache">The cache; slot i is row i.</param>
    /// <param name="keyLength">Attended cache length; above every position.</param>
    public Tensor Decode(Tensor tokens, ReadOnlySpan<int> positions, KvCache cache, int keyLength)
    {
        var c = Config;
        var b = cache.Slots;
        if (positions.Length != b) throw new ArgumentException($"need a position per slot ({b}), got {positions.Length}");
        if (keyLength > cache.MaxLength) throw new ArgumentException($"key length {keyLength} exceeds the cache length {cache.MaxLength}");
        using var scope = NewDisposeScope();
        var pos = new long[b];
        for (var r = 0; r < b; r++)
        {
            if (positions[r] >= keyLength) throw new ArgumentException($"slot {r} position {positions[r]} is not below the key length {keyLength}");
            pos[r] = positions[r];
        }
        var (kv, group, hd) = ((long)c.NumKeyValueHeads, (long)c.GroupSize, (long)c.HeadDim);
        var posTensor = tensor(pos, device: Device);
        var rows = cache.SlotStarts.add(posTensor);
        // Additive mask [b, 1, 1, keyLength] in the model dtype, built once per step (a boolean mask would be
        // converted inside every attention call).
        var hidden = _keyIndex.narrow(0, 0, keyLength).unsqueeze(0).gt(posTensor.unsqueeze(1)).view(b, 1, 1, keyLength);
        var mask = zeros(new long[] { b, 1, 1, keyLength }, DType, Device).masked_fill_(hidden, double.NegativeInfinity);
        var x = _embed.index_select(0, tokens); // [b, H], updated in place by every layer
        var xRows = x.unsqueeze(1);
        var (cos, sin) = RopeFactors(posTensor);
        var qkvWidth = (c.NumHeads + 2 * kv) * hd;
        long[] qShape = [b, kv, group, hd], qStrides = [qkvWidth, hd, kv * hd, 1];
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var qkv = ProjectQkv(layer, xRows, cos, sin);
            cache.Write(l, rows, qkv.narrow(1, c.NumHeads, 2 * kv));
            var (keys, values) = cache.Prefix(l, keyLength);
            var q = qkv.as_strided(qShape, qStrides, qkv.storage_offset()); // [b, kv, group, hd] over the group-major query heads
            // Fused attention kernels return [b, kv, group, hd] laid out as [b, group, kv, hd]: the reshape is a view there.
            var attended = F.scaled_dot_product_attention(q, keys, values, mask).transpose(1, 2).reshape(b, c.NumHeads * hd);
            FinishLayer(layer, x, xRows, attended);
        }
        return Head(x).DetachFromDisposeScope();
    }

    /// <summary>Overwrites one embedding row (tests use it to inject NaN into chosen prompts).</summary>
    internal void SetEmbeddingRow(int token, float value)
    {
        using var _ = no_grad();
        _embed[token].fill_(value);
    }

    // cos and signed-sin factors [n, heads + 2 kv, hd] for RoPE at the given positions; value heads get cos 1, sin 0.
    private (Tensor Cos, Tensor Sin) RopeFactors(Tensor positions)
    {
        var c = Config;
        var n = positions.shape[0];
        var (rotated, passed) = ((long)c.NumHeads + c.NumKeyValueHeads, (long)c.NumKeyValueHeads);
        var cos = cat([_ropeCos.index_select(0, positions).unsqueeze(1).expand(n, rotated, c.HeadDim), _passCos.expand(n, passed, c.HeadDim)], 1);
        var sin = cat([_ropeSin.index_select(0, positions).unsqueeze(1).expand(n, rotated, c.HeadDim), _passSin.expand(n, passed, c.HeadDim)], 1);
        return (cos, sin);
    }

    // x as [n, 1, H] -> [n, heads + 2 kv, hd]: queries (group-major), keys, values, RoPE applied to queries and keys.
    // rotate_half(v) = [-v2, v1] is roll(v, hd/2) = [v2, v1] times the signs folded into the sin table.
    private Tensor ProjectQkv(LlamaLayerWeights layer, Tensor rows, Tensor cos, Tensor sin)
    {
        var c = Config;
        var qkv = F.linear(RmsNorm(rows, layer.InputNorm), layer.Qkv, layer.QkvBias).view(rows.shape[0], -1, c.HeadDim);
        var rolled = qkv.roll(c.HeadDim / 2, 2);
        return qkv.mul_(cos).addcmul_(rolled, sin, 1);
    }

    // x += o_proj(attended); x += down(silu(gate) * up). Updates x (and rows, the same storage) in place: the GEMMs accumulate into it.
    private void FinishLayer(LlamaLayerWeights layer, Tensor x, Tensor rows, Tensor attended)
    {
        x.addmm_(attended, layer.OutputT, 1, 1);
        if (layer.OutputBias is not null) x.add_(layer.OutputBias);
        var gateUp = F.linear(RmsNorm(rows, layer.PostAttentionNorm), layer.GateUp, layer.GateUpBias).chunk(2, 1);
        var act = F.silu(gateUp[0]).mul_(gateUp[1]);
        x.addmm_(act, layer.DownT, 1, 1);
        if (layer.DownBias is not null) x.add_(layer.DownBias);
    }

    private Tensor Head(Tensor x)
    {
        var logits = F.linear(RmsNorm(x.unsqueeze(1), _finalNorm), _lmHead);
        return logits.dtype == ScalarType.Float32 ? logits : logits.to(ScalarType.Float32);
    }

    // RMSNorm(x) * w as one layer norm over [x, -x]: that pair has mean 0 and variance mean(x^2), so layer norm
    // computes x * rsqrt(mean(x^2) + eps) with float accumulation, as transformers' LlamaRMSNorm does in float32.
    // rows is x as [n, 1, H]; the weight is [[w], [w]] (see NormWeight); the mirrored half is dropped. Returns [n, H].
    private Tensor RmsNorm(Tensor rows, Tensor weight) =>
        F.layer_norm(rows.mul(_mirror), [2, Config.HiddenSize], weight, null, Config.RmsNormEps).select(1, 0);

    private static Tensor NormWeight(Tensor w) => stack([w, w], 0);

    // cos/sin tables [max_positions, head_dim] computed in float32 as transformers does, stored in the model dtype.
    private static (Tensor Cos, Tensor Sin) RopeTables(LlamaConfig c, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var exponents = arange(0, c.HeadDim, 2, dtype: ScalarType.Int64).to(ScalarType.Float32).div(c.HeadDim);
        var invFreq = pow(c.RopeTheta, exponents).reciprocal();
        var positions = arange(c.MaxPositionEmbeddings, dtype: ScalarType.Int64).to(ScalarType.Float32);
        var freqs = outer(positions, invFreq);
        var emb = cat([freqs, freqs], 1);
        // The sin table carries rotate_half's signs: -sin on the first half, +sin on the second.
        var signs = cat([full(c.HeadDim / 2, -1f), ones(c.HeadDim / 2)], 0);
        return (emb.cos().to(dtype, device).DetachFromDisposeScope(), emb.sin().mul(signs).to(dtype, device).DetachFromDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var layer in _layers) layer.Dispose();
        if (!ReferenceEquals(_lmHead, _embed)) _lmHead.Dispose();
        _embed.Dispose();
        _finalNorm.Dispose();
        _ropeCos.Dispose();
        _ropeSin.Dispose();
        _passCos.Dispose();
        _passSin.Dispose();
        _mirror.Dispose();
        _keyIndex.Dispose();
    }
}
