using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>Per-row settings of one sampling call.</summary>
/// <param name="Greedy">Take the argmax.</param>
/// <param name="Temperature">Softmax temperature.</param>
/// <param name="TopK">Top-k (0: all).</param>
/// <param name="TopP">Top-p (1: all).</param>
/// <param name="RepetitionPenalty">Repetition penalty (1: off).</param>
/// <param name="Uniform">This row's uniform in [0, 1) for this step.</param>
internal readonly record struct SamplingRow(bool Greedy, float Temperature, int TopK, float TopP, float RepetitionPenalty, float Uniform);

/// <summary>
/// Picks one token per row of a logits batch on the logits' device: repetition penalty, then greedy argmax or
/// temperature, top-k and top-p followed by inverse-CDF sampling with each row's own uniform. Rows whose logits
/// hold NaN or infinity come back as -1. One host read-back per call.
/// </summary>
internal sealed class TokenSampler : IDisposable
{
    private readonly Tensor? _seen; // [slots, vocab] bool: token appeared in the slot's prompt or output
    private readonly Tensor? _seenFlat;
    private readonly int _vocab;
    private readonly Device _device;

    /// <param name="slots">Cache slots (rows of the seen-token table).</param>
    /// <param name="vocab">Vocabulary size.</param>
    /// <param name="device">Device of the logits.</param>
    /// <param name="trackSeen">Whether any request uses a repetition penalty (allocates the seen-token table).</param>
    public TokenSampler(int slots, int vocab, Device device, bool trackSeen)
    {
        _vocab = vocab;
        _device = device;
        if (trackSeen)
        {
            _seen = zeros(new long[] { slots, vocab }, ScalarType.Bool, device);
            _seenFlat = _seen.view(-1);
        }
    }

    /// <summary>Resets a slot's seen tokens to a new prompt.</summary>
    public void StartSlot(int slot, IReadOnlyList<int> prompt)
    {
        if (_seen is null) return;
        using var scope = NewDisposeScope();
        _seen[slot].fill_(false);
        var index = new long[prompt.Count];
        for (var i = 0; i < index.Length; i++) index[i] = (long)slot * _vocab + prompt[i];
        _seenFlat!.index_fill_(0, tensor(index, device: _device), true);
    }

    /// <summary>Marks chosen tokens as seen.</summary>
    public void Record(ReadOnlySpan<int> slots, ReadOnlySpan<long> tokens)
    {
        if (_seen is null) return;
        var index = new List<long>(slots.Length);
        for (var i = 0; i < slots.Length; i++)
            if (tokens[i] >= 0) index.Add((long)slots[i] * _vocab + tokens[i]);
        if (index.Count == 0) return;
        using var scope = NewDisposeScope();
        _seenFlat!.index_fill_(0, tensor(index.ToArray(), device: _device), true);
    }

    /// <summary>Samples one token per row.</summary>
    /// <param name="logits">[rows, vocab] float32.</param>
    /// <param name="slots">Cache slot of each row (selects its seen-token row).</param>
    /// <param name="rows">Settings per row.</param>
    /// <param name="logprobs">When not null (one entry per row), receives each chosen token's log-probability under the unmodified logits.</param>
    /// <returns>Token per row, -1 where the row's logits were not finite.</returns>
    public long[] Sample(Tensor logits, ReadOnlySpan<int> slots, ReadOnlySpan<SamplingRow> rows, float[]? logprobs = null)
    {
        using var scope = NewDisposeScope();
        var n = rows.Length;
        var anyPenalty = false;
        var anySampled = false;
        var penalty = new float[n];
        var temperature = new float[n];
        var topK = new long[n];
        var topP = new float[n];
        var uniform = new float[n];
        var greedy = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var r = rows[i];
            penalty[i] = r.RepetitionPenalty;
            anyPenalty |= r.RepetitionPenalty != 1f;
            greedy[i] = r.Greedy;
            anySampled |= !r.Greedy;
            temperature[i] = r.Greedy ? 1f : r.Temperature;
            topK[i] = r.Greedy || r.TopK <= 0 ? _vocab : Math.Min(r.TopK, _vocab);
            topP[i] = r.Greedy ? 1f : r.TopP;
            uniform[i] = r.Uniform;
        }
        var bad = logits.isfinite().logical_not().any(1);
        var l = logits;
        if (anyPenalty && _seen is not null)
        {
            var slotIndex = new long[n];
            for (var i = 0; i < n; i++) slotIndex[i] = slots[i];
            var seen = _seen.index_select(0, tensor(slotIndex, device: _device));
            var p = tensor(penalty, device: _device).unsqueeze(1);
            var penalised = where(l.gt(0), l.div(p), l.mul(p));
            l = where(seen, penalised, l);
        }
        var chosen = l.argmax(1);
        if (anySampled)
        {
            // Rows that filter (top-k or top-p) sample along the descending order; rows that do not sample along the
            // vocabulary order. Which rule a row follows depends only on its own settings, so a row's token does
            // not depend on the other rows in the batch.
            var filters = new bool[n];
            var widest = 0L;
            var anyFullSort = false;
            var anyFilter = false;
            var anyPlain = false;
            for (var i = 0; i < n; i++)
            {
                if (greedy[i]) continue;
                filters[i] = topK[i] < _vocab || topP[i] < 1f;
                anyFilter |= filters[i];
                anyPlain |= !filters[i];
                if (filters[i] && topK[i] >= _vocab) anyFullSort = true;
                if (filters[i]) widest = Math.Max(widest, topK[i]);
            }
            var scaled = l.div(tensor(temperature, device: _device).unsqueeze(1));
            var uniformT = tensor(uniform, device: _device).unsqueeze(1);
            Tensor? sampled = null;
            if (anyFilter)
            {
                // top-k over the widest k gives the same prefix as a full sort; a full sort only when some row keeps all tokens for top-p.
                var width = anyFullSort ? _vocab : widest;
                var (sorted, order) = anyFullSort ? scaled.sort(1, descending: true) : scaled.topk((int)width, 1, largest: true, sorted: true);
                var rank = arange(width, dtype: ScalarType.Int64, device: _device).unsqueeze(0);
                sorted = sorted.masked_fill(rank.ge(tensor(topK, device: _device).unsqueeze(1)), double.NegativeInfinity);
                var probs = sorted.softmax(1);
                var before = probs.cumsum(1).sub(probs);
                sorted = sorted.masked_fill(before.ge(tensor(topP, device: _device).unsqueeze(1)), double.NegativeInfinity);
                sampled = order.gather(1, InverseCdf(sorted, uniformT, width)).squeeze(1);
            }
            if (anyPlain)
            {
                var plain = InverseCdf(scaled, uniformT, _vocab).squeeze(1);
                sampled = sampled is null ? plain : where(tensor(filters, device: _device), sampled, plain);
            }
            chosen = where(tensor(greedy, device: _device), chosen, sampled!);
        }
        if (logprobs is not null)
        {
            var picked = logits.log_softmax(1).gather(1, chosen.unsqueeze(1)).squeeze(1);
            picked.cpu().data<float>().CopyTo(logprobs, 0);
        }
        return chosen.masked_fill(bad, -1).cpu().data<long>().ToArray();
    }

    // Index of the first position whose cumulative probability reaches u times the total, per row ([rows, 1]).
    private static Tensor InverseCdf(Tensor logits, Tensor uniform, long width)
    {
        var cumulative = logits.softmax(1).cumsum(1);
        var target = uniform.mul(cumulative.narrow(1, width - 1, 1));
        return cumulative.lt(target).sum(1, keepdim: true).clamp_max(width - 1);
    }

    public void Dispose()
    {
        _seenFlat?.Dispose();
        _seen?.Dispose();
    }
}
