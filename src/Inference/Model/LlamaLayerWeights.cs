using static TorchSharp.torch;

namespace YuLanData.Inference.Model;

/// <summary>
/// One decoder layer's weights with the projections fused for fewer kernel launches: q, k and v stacked into one
/// [ (heads + 2 kv_heads) * head_dim, hidden ] matrix, gate and up stacked into one [2 * ffn, hidden] matrix.
/// </summary>
internal sealed class LlamaLayerWeights : IDisposable
{
    public required Tensor InputNorm { get; init; }
    public required Tensor Qkv { get; init; }
    public Tensor? QkvBias { get; init; }
    public required Tensor Output { get; init; }
    public Tensor? OutputBias { get; init; }
    public required Tensor PostAttentionNorm { get; init; }
    public required Tensor GateUp { get; init; }
    public Tensor? GateUpBias { get; init; }
    public required Tensor Down { get; init; }
    public Tensor? DownBias { get; init; }

    /// <summary>Transposed views of <see cref="Output"/> and <see cref="Down"/> for the in-place residual GEMMs (made once, not per step).</summary>
    public Tensor OutputT => _outputT ??= Output.t().DetachFromDisposeScope();
    public Tensor DownT => _downT ??= Down.t().DetachFromDisposeScope();
    private Tensor? _outputT;
    private Tensor? _downT;

    public IEnumerable<Tensor> All => new[] { InputNorm, Qkv, QkvBias, Output, OutputBias, PostAttentionNorm, GateUp, GateUpBias, Down, DownBias }
        .Where(t => t is not null)!;

    public void Dispose()
    {
        _outputT?.Dispose();
        _downT?.Dispose();
        foreach (var t in All) t.Dispose();
    }
}
