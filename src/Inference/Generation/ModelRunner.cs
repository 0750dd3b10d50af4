using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>
/// Runs the model for the scheduler's steps and samples one token per sequence: owns the KV cache (one slot per
/// running sequence) and the sampler's per-slot state. A prefill pads the newcomers' prompts to a bucket
/// (<see cref="GeneratorOptions.PrefillBucket"/>); a decode step feeds every slot's last token, empty slots
/// included, with the attended key length rounded up to <see cref="GeneratorOptions.KeyBucket"/>.
/// </summary>
public sealed class ModelRunner : IDisposable
{
    private readonly LlamaModel _model;
    private readonly GeneratorOptions _options;
    private readonly KvCache _cache;
    private readonly TokenSampler _sampler;
    private readonly bool _tracksSeenTokens;
    private readonly int _maxLength;
    private readonly long[] _tokens;
    private readonly int[] _positions;
    private readonly int[] _allSlots;
    private readonly SamplingRow[] _rows;

    // The row sampled for an empty slot in a decode step; its token is discarded.
    private static readonly SamplingRow IdleRow = new(true, 1, 0, 1, 1, 0);

    /// <param name="model">The model.</param>
    /// <param name="batch">KV-cache slots.</param>
    /// <param name="maxLength">Positions per slot.</param>
    /// <param name="options">Bucket settings.</param>
    /// <param name="tracksSeenTokens">Whether sequences with a repetition penalty may run (allocates a slots x vocab table).</param>
    public ModelRunner(LlamaModel model, int batch, int maxLength, GeneratorOptions options, bool tracksSeenTokens)
    {
        _model = model;
        _options = options;
        _maxLength = maxLength;
        _tracksSeenTokens = tracksSeenTokens;
        _cache = new KvCache(model.Config, batch, maxLength, model.DType, model.Device);
        try
        {
            _sampler = new TokenSampler(batch, model.Config.VocabSize, model.Device, tracksSeenTokens);
        }
        catch
        {
            _cache.Dispose();
            throw;
        }
        _tokens = new long[batch];
        _positions = new int[batch];
        _allSlots = Enumerable.Range(0, batch).ToArray();
        _rows = new SamplingRow[batch];
    }

    /// <summary>Batched prefill calls run.</summary>
    public int PrefillCalls { get; private set; }

    /// <summary>Batched decode steps run.</summary>
    public int DecodeSteps { get; private set; }

    /// <summary>Fills the slots of <paramref name="sequences"/> with their prompts and samples each one's first token.</summary>
    /// <param name="sequences">Newly admitted sequences, each holding a slot, none generated yet.</param>
    /// <returns>One token per sequence, in order; -1 where the logits held NaN or infinity.</returns>
    public long[] Prefill(IReadOnlyList<Sequence> sequences)
    {
        var slots = new int[sequences.Count];
        var rows = new SamplingRow[sequences.Count];
        var prompts = new IReadOnlyList<int>[sequences.Count];
        var longest = 0;
        for (var i = 0; i < sequences.Count; i++)
        {
            var sequence = sequences[i];
            if (!_tracksSeenTokens && sequence.Request.Sampling.RepetitionPenalty != 1.0)
                throw new InvalidOperationException($"sequence {sequence.Request.Id} has a repetition penalty, but this runner tracks no seen tokens");
            slots[i] = sequence.Slot;
            rows[i] = sequence.SamplingRow();
            prompts[i] = sequence.Prompt;
            longest = Math.Max(longest, sequence.Prompt.Count);
            _sampler.StartSlot(sequence.Slot, sequence.Prompt);
        }
        var padded = Math.Min(ShapeBucket.RoundUp(longest, _options.PrefillBucket), _maxLength);
        long[] chosen;
        PrefillCalls++;
        var logprobs = sequences.Any(q => q.Request.Sampling.Logprobs) ? new float[sequences.Count] : null;
        using (var logits = _model.Prefill(prompts, padded, _cache, slots))
            chosen = _sampler.Sample(logits, slots, rows, logprobs);
        if (logprobs is not null)
            for (var i = 0; i < sequences.Count; i++) RecordLogprob(sequences[i], chosen[i], logprobs[i]);
        AfterSampling(slots, chosen);
        return chosen;
    }

    /// <summary>Runs one decode step over all slots and samples the next token of each running sequence.</summary>
    /// <param name="running">The running sequences, each holding a slot and at least one generated token.</param>
    /// <returns>One token per sequence, in order; -1 where the logits held NaN or infinity.</returns>
    public long[] Decode(IReadOnlyList<Sequence> running)
    {
        Array.Clear(_tokens);
        Array.Clear(_positions);
        Array.Fill(_rows, IdleRow);
        var highest = 0;
        foreach (var sequence in running)
        {
            var s = sequence.Slot;
            _tokens[s] = sequence.LastToken;
            _positions[s] = sequence.Position;
            highest = Math.Max(highest, _positions[s]);
            _rows[s] = sequence.SamplingRow();
        }
        var keyLength = Math.Min(ShapeBucket.RoundUp(highest + 1, _options.KeyBucket), _maxLength);
        long[] all;
        var logprobs = running.Any(q => q.Request.Sampling.Logprobs) ? new float[_rows.Length] : null;
        using (var input = tensor(_tokens, device: _model.Device))
        using (var logits = _model.Decode(input, _positions, _cache, keyLength))
            all = _sampler.Sample(logits, _allSlots, _rows, logprobs);
        DecodeSteps++;
        var slots = new int[running.Count];
        var chosen = new long[running.Count];
        for (var i = 0; i < running.Count; i++)
        {
            slots[i] = running[i].Slot;
            chosen[i] = all[slots[i]];
            if (logprobs is not null) RecordLogprob(running[i], chosen[i], logprobs[slots[i]]);
        }
        AfterSampling(slots, chosen);
        return chosen;
    }

    private static void RecordLogprob(Sequence sequence, long token, float logprob)
    {
        if (token >= 0 && sequence.Request.Sampling.Logprobs) sequence.RecordLogprob(logprob);
    }

    private void AfterSampling(int[] slots, long[] chosen)
    {
        // A slot whose logits were not finite may hold NaN in its cache rows; the next sequence's masked positions must be finite.
        for (var i = 0; i < slots.Length; i++)
            if (chosen[i] < 0) _cache.Clear(slots[i]);
        _sampler.Record(slots, chosen);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sampler.Dispose();
        _cache.Dispose();
    }
}
