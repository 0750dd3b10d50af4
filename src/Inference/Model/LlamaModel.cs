using TorchSharp;
using YuLanData.Inference.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace YuLanData.Inference.Model;

/// <summary>
/// A Llama causal language model (the architecture YuLan-Mini is released in) for inference: RMSNorm, RoPE,
/// grouped-query attention with optional q/k/v/o biases, SwiGLU feed-forward, untied or tied output head.
/// Weights are kept fused (QKV, gate/up). Grouped-query attention runs without repeating keys: the query heads
/// that share a key/value head are folded into the query-length axis of one attention call.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly LlamaLayerWeights[] _layers;
    private readonly Tensor _embed;
    private readonly Tensor _finalNorm;
    private readonly Tensor _lmHead;
    private readonly Tensor _ropeCos;
    private readonly Tensor _ropeSin;

    /// <summary>The model's configuration.</summary>
    public LlamaConfig Config { get; }
    /// <summary>Where the weights live.</summary>
    public Device Device { get; }
    /// <summary>Element type of weights, activations and the KV cache.</summary>
    public ScalarType DType { get; }

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
    }

    /// <summary>Loads a Hugging Face Llama folder (<c>config.json</c> and safetensors weights, single or sharded).</summary>
    /// <param name="directory">The model folder.</param>
    /// <param name="device">Target device, e.g. <c>cpu</c> or <c>cuda</c>.</param>
    /// <param name="dtype">Compute dtype; stored weights are converted to it.</param>
    public static LlamaModel Load(string directory, Device device, ScalarType dtype = ScalarType.Float32)
    {
        var config = LlamaConfig.Load(directory);
        var checkpoint = SafetensorsCheckpoint.Open(directory);
        return FromTensors(config, device, dtype, (name, shape) => checkpoint.Load(name, shape, dtype, device),
            name => checkpoint.Contains(name));
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
            var finalNorm = load("model.norm.weight", [h]);
            var lmHead = config.TieWordEmbeddings && !contains("lm_head.weight")
                ? embed
                : load("lm_head.weight", [config.VocabSize, h]);
            Keep(embed.DetachFromDisposeScope());
            Keep(finalNorm.DetachFromDisposeScope());
            if (!ReferenceEquals(lmHead, embed)) Keep(lmHead.DetachFromDisposeScope());
            var layers = new LlamaLayerWeights[config.NumLayers];
            for (var i = 0; i < config.NumLayers; i++)
            {
                var p = $"model.layers.{i}.";
                Tensor? Bias(string name, long size, bool present) => present ? load(p + name, [size]) : null;
                Tensor? Cat(Tensor? a, Tensor? b, Tensor? c = null) =>
                    a is null ? null : cat(new[] { a, b!, c }.Where(t => t is not null).ToArray()!, 0);
                layers[i] = new LlamaLayerWeights
                {
                    InputNorm = load(p + "input_layernorm.weight", [h]),
                    Qkv = cat([load(p + "self_attn.q_proj.weight", [q, h]), load(p + "self_attn.k_proj.weight", [kv, h]), load(p + "self_attn.v_proj.weight", [kv, h])], 0),
                    QkvBias = Cat(Bias("self_attn.q_proj.bias", q, config.AttentionBias), Bias("self_attn.k_proj.bias", kv, config.AttentionBias), Bias("self_attn.v_proj.bias", kv, config.AttentionBias)),
                    Output = load(p + "self_attn.o_proj.weight", [h, q]),
                    OutputBias = Bias("self_attn.o_proj.bias", h, config.AttentionBias),
                    PostAttentionNorm = load(p + "post_attention_layernorm.weight", [h]),
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
        var keyIdx = arange(t, dtype: ScalarType.Int64, device: Device);
        var causal = keyIdx.unsqueeze(0).le(keyIdx.unsqueeze(1)); // [t, t]
        var inside = keyIdx.unsqueeze(0).lt(lengthTensor.unsqueeze(1)); // [b, t]
        var mask = causal.unsqueeze(0).logical_and(inside.unsqueeze(1)).unsqueeze(1); // [b,1,t,t]
        if (c.GroupSize > 1) mask = mask.repeat(1, 1, c.GroupSize, 1);
        Tensor? writeIndex = null;
        if (cache is not null)
        {
            if (slots is null || slots.Count != b) throw new ArgumentException("a slot per prompt is required with a cache");
            var index = new long[b * t * c.NumKeyValueHeads];
            var n = 0;
            for (var r = 0; r < b; r++)
                for (var i = 0; i < t; i++)
                    for (var hd = 0; hd < c.NumKeyValueHeads; hd++)
                        index[n++] = cache.FlatIndex(slots[r], hd, i);
            writeIndex = tensor(index, device: Device);
        }
        var x = _embed.index_select(0, idTensor); // [b*t, H]
        var cos = _ropeCos.index_select(0, positions).unsqueeze(1);
        var sin = _ropeSin.index_select(0, positions).unsqueeze(1);
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var (q, k, v) = ProjectQkv(layer, x, cos, sin);
            if (cache is not null) cache.Write(l, writeIndex!, k.reshape(-1, c.HeadDim), v.reshape(-1, c.HeadDim));
            // q [b*t, heads, hd] -> [b, kv, group*t, hd]; k, v [b*t, kv, hd] -> [b, kv, t, hd]
            var qg = q.view(b, t, c.NumHeads, c.HeadDim).transpose(1, 2).reshape(b, c.NumKeyValueHeads, c.GroupSize * t, c.HeadDim);
            var kt = k.view(b, t, c.NumKeyValueHeads, c.HeadDim).transpose(1, 2);
            var vt = v.view(b, t, c.NumKeyValueHeads, c.HeadDim).transpose(1, 2);
            var attended = F.scaled_dot_product_attention(qg, kt, vt, mask)
                .view(b, c.NumHeads, t, c.HeadDim).transpose(1, 2).reshape(b * t, c.NumHeads * c.HeadDim);
            x = FinishLayer(layer, x, attended);
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
        var index = new long[b * c.NumKeyValueHeads];
        for (var r = 0; r < b; r++)
        {
            if (positions[r] >= keyLength) throw new ArgumentException($"slot {r} position {positions[r]} is not below the key length {keyLength}");
            pos[r] = positions[r];
            for (var hd = 0; hd < c.NumKeyValueHeads; hd++) index[r * c.NumKeyValueHeads + hd] = cache.FlatIndex(r, hd, positions[r]);
        }
        var posTensor = tensor(pos, device: Device);
        var writeIndex = tensor(index, device: Device);
        var mask = arange(keyLength, dtype: ScalarType.Int64, device: Device).unsqueeze(0).le(posTensor.unsqueeze(1)).view(b, 1, 1, keyLength);
        var x = _embed.index_select(0, tokens);
        var cos = _ropeCos.index_select(0, posTensor).unsqueeze(1);
        var sin = _ropeSin.index_select(0, posTensor).unsqueeze(1);
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var (q, k, v) = ProjectQkv(layer, x, cos, sin);
            cache.Write(l, writeIndex, k.reshape(-1, c.HeadDim), v.reshape(-1, c.HeadDim));
            var (keys, values) = cache.Prefix(l, keyLength);
            var qg = q.view(b, c.NumKeyValueHeads, c.GroupSize, c.HeadDim);
            var attended = F.scaled_dot_product_attention(qg, keys, values, mask).view(b, c.NumHeads * c.HeadDim);
            x = FinishLayer(layer, x, attended);
        }
        return Head(x).DetachFromDisposeScope();
    }

    /// <summary>Overwrites one embedding row (tests use it to inject NaN into chosen prompts).</summary>
    internal void SetEmbeddingRow(int token, float value)
    {
        using var _ = no_grad();
        _embed[token].fill_(value);
    }

    // x [n, H] -> q [n, heads, hd], k [n, kv, hd], v [n, kv, hd]; RoPE applied to q and k together.
    private (Tensor Q, Tensor K, Tensor V) ProjectQkv(LlamaLayerWeights layer, Tensor x, Tensor cos, Tensor sin)
    {
        var c = Config;
        var n = x.shape[0];
        var hidden = RmsNorm(x, layer.InputNorm);
        var qkv = F.linear(hidden, layer.Qkv, layer.QkvBias);
        var qkHeads = c.NumHeads + c.NumKeyValueHeads;
        var qk = qkv.narrow(1, 0, qkHeads * c.HeadDim).view(n, qkHeads, c.HeadDim);
        var half = c.HeadDim / 2;
        var rotated = cat([qk.narrow(2, half, half).neg(), qk.narrow(2, 0, half)], 2);
        var roped = qk.mul(cos).addcmul_(rotated, sin, 1);
        var v = qkv.narrow(1, qkHeads * c.HeadDim, c.NumKeyValueHeads * c.HeadDim).view(n, c.NumKeyValueHeads, c.HeadDim);
        return (roped.narrow(1, 0, c.NumHeads), roped.narrow(1, c.NumHeads, c.NumKeyValueHeads), v);
    }

    // Output projection + residual, then the SwiGLU block + residual.
    private Tensor FinishLayer(LlamaLayerWeights layer, Tensor x, Tensor attended)
    {
        var ffn = Config.IntermediateSize;
        x = x.add(F.linear(attended, layer.Output, layer.OutputBias));
        var hidden = RmsNorm(x, layer.PostAttentionNorm);
        var gateUp = F.linear(hidden, layer.GateUp, layer.GateUpBias);
        var act = F.silu(gateUp.narrow(1, 0, ffn)).mul_(gateUp.narrow(1, ffn, ffn));
        // Residual add fused into the down projection's GEMM when there is no bias (YuLan-Mini: mlp_bias false).
        return layer.DownBias is null ? addmm(x, act, layer.Down.t(), 1, 1) : x.add(F.linear(act, layer.Down, layer.DownBias));
    }

    private Tensor Head(Tensor x)
    {
        var logits = F.linear(RmsNorm(x, _finalNorm), _lmHead);
        return logits.dtype == ScalarType.Float32 ? logits : logits.to(ScalarType.Float32);
    }

    // RMSNorm computed in float32 like transformers' LlamaRMSNorm, then cast back and scaled.
    private Tensor RmsNorm(Tensor x, Tensor weight)
    {
        var xf = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var normed = xf.mul(xf.pow(2).mean([-1L], keepdim: true).add_(Config.RmsNormEps).rsqrt_());
        return weight.mul(normed.dtype == DType ? normed : normed.to(DType));
    }

    // cos/sin tables [max_positions, head_dim] computed in float32 as transformers does, stored in the model dtype.
    private static (Tensor Cos, Tensor Sin) RopeTables(LlamaConfig c, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var exponents = arange(0, c.HeadDim, 2, dtype: ScalarType.Int64).to(ScalarType.Float32).div(c.HeadDim);
        var invFreq = pow(c.RopeTheta, exponents).reciprocal();
        var positions = arange(c.MaxPositionEmbeddings, dtype: ScalarType.Int64).to(ScalarType.Float32);
        var freqs = outer(positions, invFreq);
        var emb = cat([freqs, freqs], 1);
        return (emb.cos().to(dtype, device).DetachFromDisposeScope(), emb.sin().to(dtype, device).DetachFromDisposeScope());
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
    }
}
