using System.Collections.Concurrent;

namespace YuLanData.Inference.Generation;

/// <summary>
/// Owns the waiting queue and the running slots of continuous batching. <see cref="Schedule"/> admits waiting
/// sequences into free cache slots (as prefill steps, bounded by <see cref="GeneratorOptions.MaxPrefillTokens"/>)
/// and otherwise decodes all running sequences; <see cref="Postprocess"/> appends each sampled token and finishes
/// sequences at EOS, a stop id or string, or the length limit, freeing their slots for the next refill.
/// <see cref="Add"/> may be called from another thread while a loop runs; everything else belongs to the loop's thread.
/// </summary>
public sealed class Scheduler
{
    private readonly ConcurrentQueue<Sequence> _waiting = new();
    private readonly Sequence?[] _slots;
    private readonly GeneratorOptions _options;
    private readonly IReadOnlyList<int> _eosTokenIds;
    private readonly Func<IReadOnlyList<int>, string>? _detokenize;
    private readonly Action<Sequence>? _finished;
    private int _running;
    private bool _refilling;

    /// <param name="batch">Cache slots: the most sequences running at once.</param>
    /// <param name="maxLength">Positions per cache slot; a sequence reaching it finishes with <see cref="FinishReason.Length"/>.</param>
    /// <param name="options">Refill and prefill-size settings.</param>
    /// <param name="eosTokenIds">The model's end-of-sequence ids.</param>
    /// <param name="detokenize">Turns generated ids into text (for result text and stop strings); null leaves text empty.</param>
    /// <param name="finished">Called on the loop's thread for each sequence as it finishes, its result set.</param>
    public Scheduler(int batch, int maxLength, GeneratorOptions options, IReadOnlyList<int> eosTokenIds,
        Func<IReadOnlyList<int>, string>? detokenize = null, Action<Sequence>? finished = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        _slots = new Sequence?[batch];
        MaxLength = maxLength;
        _options = options;
        _eosTokenIds = eosTokenIds;
        _detokenize = detokenize;
        _finished = finished;
    }

    /// <summary>Positions per cache slot.</summary>
    public int MaxLength { get; }

    /// <summary>Sequences waiting for a slot.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Sequences holding a slot.</summary>
    public int Running => _running;

    /// <summary>Queues a sequence; it is admitted at the next refill. Safe to call while a loop runs.</summary>
    public void Add(Sequence sequence)
    {
        if (sequence.Slot >= 0 || sequence.IsFinished || sequence.Generated.Count > 0)
            throw new ArgumentException($"sequence {sequence.Request.Id} was already scheduled", nameof(sequence));
        if (sequence.Request.Sampling.StopStrings.Count > 0 && _detokenize is null)
            throw new ArgumentException($"sequence {sequence.Request.Id}: stop strings need a detokenizer", nameof(sequence));
        _waiting.Enqueue(sequence);
    }

    /// <summary>
    /// The next step: a prefill while a refill is under way and waiting sequences fit into free slots, else a decode
    /// of the running sequences; null when nothing runs. A refill starts before a decode step once at least
    /// <see cref="GeneratorOptions.RefillFraction"/> of the slots are free (or every waiting sequence fits), and
    /// goes on, one prefill after another, until the queue is empty or no slot is free.
    /// </summary>
    public ScheduledStep? Schedule()
    {
        if (!_refilling)
        {
            var gather = Math.Max(1, (int)Math.Ceiling(_slots.Length * _options.RefillFraction));
            _refilling = _slots.Length - _running >= Math.Min(gather, _waiting.Count);
        }
        if (_refilling)
        {
            var newcomers = Admit();
            if (newcomers.Count > 0) return new ScheduledStep(true, newcomers);
            _refilling = false;
        }
        if (_running == 0) return null;
        var running = new List<Sequence>(_running);
        foreach (var sequence in _slots)
            if (sequence is not null) running.Add(sequence);
        return new ScheduledStep(false, running);
    }

    // Free slots in order, filled from the queue's head while the padded size of the call (prompts x longest
    // prompt, rounded to the prefill bucket) stays within the bound; the first newcomer always fits.
    private List<Sequence> Admit()
    {
        var newcomers = new List<Sequence>();
        var longest = 0;
        for (var s = 0; s < _slots.Length; s++)
        {
            if (_slots[s] is not null) continue;
            if (!_waiting.TryPeek(out var next)) break;
            if (next.IsCancelRequested)
            {
                _waiting.TryDequeue(out _);
                next.Finish(GenerationResult.Failed(next.Request, "cancelled"));
                _finished?.Invoke(next);
                s--;
                continue;
            }
            var longestWith = Math.Max(longest, next.Prompt.Count);
            if (newcomers.Count > 0 && (long)(newcomers.Count + 1) * ShapeBucket.RoundUp(longestWith, _options.PrefillBucket) > _options.MaxPrefillTokens) break;
            // Only this thread dequeues, so the head is still the sequence peeked.
            _waiting.TryDequeue(out _);
            longest = longestWith;
            next.Slot = s;
            _slots[s] = next;
            _running++;
            newcomers.Add(next);
        }
        return newcomers;
    }

    /// <summary>Takes the tokens the runner sampled for <paramref name="step"/>: appends each and finishes the sequences that are done.</summary>
    /// <param name="step">The step the tokens belong to.</param>
    /// <param name="tokens">One token per sequence of the step, in its order; a negative token means the logits held NaN or infinity.</param>
    public void Postprocess(ScheduledStep step, IReadOnlyList<long> tokens)
    {
        if (tokens.Count != step.Sequences.Count)
            throw new ArgumentException($"{tokens.Count} tokens for {step.Sequences.Count} sequences", nameof(tokens));
        for (var i = 0; i < tokens.Count; i++) Accept(step.Sequences[i], tokens[i]);
    }

    private void Accept(Sequence sequence, long token)
    {
        if (sequence.IsCancelRequested)
        {
            Finish(sequence, GenerationResult.Failed(sequence.Request, "cancelled", sequence.Generated.ToArray()));
            return;
        }
        if (token < 0)
        {
            Finish(sequence, GenerationResult.Failed(sequence.Request,
                $"logits contained NaN or infinity at generated token {sequence.Generated.Count}", sequence.Generated.ToArray()));
            return;
        }
        sequence.Append((int)token);
        var sampling = sequence.Request.Sampling;
        var generated = sequence.Generated;
        if (_eosTokenIds.Contains((int)token) || sampling.StopTokenIds.Contains((int)token))
        {
            Finish(sequence, Completed(sequence, FinishReason.Eos, Text(generated.Take(generated.Count - 1).ToArray())));
            return;
        }
        if (sampling.StopStrings.Count > 0)
        {
            var text = _detokenize!(generated);
            var cut = -1;
            foreach (var stop in sampling.StopStrings)
            {
                var at = text.IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0 && (cut < 0 || at < cut)) cut = at;
            }
            if (cut >= 0)
            {
                Finish(sequence, Completed(sequence, FinishReason.Stop, text[..cut]));
                return;
            }
        }
        if (generated.Count >= sampling.MaxNewTokens || sequence.Length >= MaxLength)
            Finish(sequence, Completed(sequence, FinishReason.Length, Text(generated)));
    }

    private string? Text(IReadOnlyList<int> ids) => _detokenize?.Invoke(ids);

    private static GenerationResult Completed(Sequence sequence, FinishReason reason, string? text) =>
        new(sequence.Request.Id, text, sequence.Generated.ToArray(), sequence.Prompt.Count, reason);

    private void Finish(Sequence sequence, GenerationResult result)
    {
        _slots[sequence.Slot] = null;
        _running--;
        sequence.Finish(result);
        _finished?.Invoke(sequence);
    }
}
