using System.Diagnostics;
using Polly;
using Polly.Retry;
using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Generation;

/// <summary>
/// Offline batch generation with a preallocated KV cache and continuous batching: prompts of different lengths
/// are prefilled together into free cache slots, all slots decode one token per step, and a slot whose request
/// finishes is refilled from the queue before the next step. Decode attention sees a key length rounded up to
/// <see cref="GeneratorOptions.KeyBucket"/>, so its shape changes only when a bucket is crossed. Running out of
/// memory halves the batch and retries (the unfinished requests restart; outputs do not depend on the batch).
/// Every request ends as a result or as a failure with its reason.
/// </summary>
public sealed class BatchGenerator
{
    private readonly LlamaModel _model;
    private readonly GeneratorOptions _options;
    private readonly Func<IReadOnlyList<int>, string>? _detokenize;

    /// <param name="model">The model.</param>
    /// <param name="options">Capacity and bucket settings; null uses defaults.</param>
    /// <param name="detokenize">Turns completion ids into text (for result text and stop strings); null leaves text empty.</param>
    public BatchGenerator(LlamaModel model, GeneratorOptions? options = null, Func<IReadOnlyList<int>, string>? detokenize = null)
    {
        _model = model;
        _options = options ?? new GeneratorOptions();
        _options.Validate();
        _detokenize = detokenize;
    }

    /// <summary>Generates completions for <paramref name="requests"/>.</summary>
    /// <param name="requests">Prompts with their settings.</param>
    /// <param name="cancellationToken">Stops the run; unfinished requests then throw.</param>
    public GenerationRun Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var results = new GenerationResult?[requests.Count];
        var config = _model.Config;
        var contextCap = Math.Min(config.MaxPositionEmbeddings, _options.MaxSequenceLength ?? int.MaxValue);
        var valid = new List<int>();
        var longest = 1;
        for (var i = 0; i < requests.Count; i++)
        {
            var error = Check(requests[i], contextCap);
            if (error is not null) results[i] = GenerationResult.Failed(requests[i], error);
            else
            {
                valid.Add(i);
                longest = Math.Max(longest, requests[i].PromptIds.Count + requests[i].Sampling.MaxNewTokens);
            }
        }
        var maxLength = _options.MaxSequenceLength is { } fixedLength ? Math.Min(fixedLength, config.MaxPositionEmbeddings)
            : Math.Min(RoundUp(longest, _options.KeyBucket), config.MaxPositionEmbeddings);
        var batch = Math.Max(1, Math.Min(_options.MaxBatch ?? AutoBatch(maxLength), Math.Max(1, valid.Count)));
        var counters = new Counters();
        var retries = 0;
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && OutOfMemory.Is(e) && batch > 1),
            MaxRetryAttempts = 32,
            Delay = TimeSpan.Zero,
            OnRetry = _ =>
            {
                batch = Math.Max(1, batch / 2);
                retries++;
                GC.Collect();
                return ValueTask.CompletedTask;
            },
        }).Build();
        try
        {
            pipeline.Execute(ct => Run(requests, results, batch, maxLength, counters, ct), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            var reason = OutOfMemory.Is(e) ? $"out of memory at batch {batch}: {e.Message}" : $"{e.GetType().Name}: {e.Message}";
            for (var i = 0; i < results.Length; i++) results[i] ??= GenerationResult.Failed(requests[i], reason);
        }
        var generated = results.Sum(r => (long)r!.CompletionTokens);
        return new GenerationRun(results!, batch, counters.DecodeSteps, generated, clock.Elapsed, retries, counters.PrefillCalls);
    }

    private string? Check(GenerationRequest request, int context)
    {
        try
        {
            request.Sampling.Validate();
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        var prompt = request.PromptIds;
        if (prompt.Count == 0) return "empty prompt";
        if (prompt.Count > context) return $"prompt of {prompt.Count} tokens exceeds the context of {context}";
        for (var i = 0; i < prompt.Count; i++)
            if ((uint)prompt[i] >= (uint)_model.Config.VocabSize)
                return $"prompt token {i} is id {prompt[i]}, outside the vocabulary of {_model.Config.VocabSize}";
        if (request.Sampling.StopStrings.Count > 0 && _detokenize is null) return "stop strings need a detokenizer";
        if (request.Sampling.StopStrings.Any(string.IsNullOrEmpty)) return "stop strings must not be empty";
        return null;
    }

    private int AutoBatch(int maxLength)
    {
        var budget = Budget();
        var perSlot = PerSlotBytes(maxLength);
        return (int)Math.Clamp(budget / perSlot, 1, 1024);
    }

    private long Budget() =>
        _options.MemoryBudgetBytes ?? (long)((MemoryProbe.FreeBytes(_model.Device) ?? 8L << 30) * _options.MemoryFraction);

    // KV cache plus about eight vocab-wide float rows for logits and sampling.
    private long PerSlotBytes(int maxLength) =>
        KvCache.BytesFor(_model.Config, 1, maxLength, _model.ElementSize) + 8L * _model.Config.VocabSize * 4;

    private void Run(IReadOnlyList<GenerationRequest> requests, GenerationResult?[] results, int batch, int maxLength, Counters counters, CancellationToken ct)
    {
        if (_options.MemoryBudgetBytes is { } budget && PerSlotBytes(maxLength) * batch > budget)
            throw new InsufficientMemoryException($"KV cache for {batch} x {maxLength} positions needs {PerSlotBytes(maxLength) * batch} bytes, the budget is {budget}");
        var queue = new Queue<int>();
        for (var i = 0; i < requests.Count; i++)
            if (results[i] is null) queue.Enqueue(i);
        if (queue.Count == 0) return;
        var trackSeen = queue.Any(i => requests[i].Sampling.RepetitionPenalty != 1.0);
        var config = _model.Config;
        using var cache = new KvCache(config, batch, maxLength, _model.DType, _model.Device);
        using var sampler = new TokenSampler(batch, config.VocabSize, _model.Device, trackSeen);
        var slots = new Slot?[batch];
        var tokens = new long[batch];
        var positions = new int[batch];
        var allSlots = Enumerable.Range(0, batch).ToArray();
        var rows = new SamplingRow[batch];
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            Refill(requests, results, queue, slots, sampler, cache, maxLength, counters);
            var active = 0;
            var highest = 0;
            for (var s = 0; s < batch; s++)
            {
                var slot = slots[s];
                if (slot is null)
                {
                    tokens[s] = 0;
                    positions[s] = 0;
                    rows[s] = new SamplingRow(true, 1, 0, 1, 1, 0);
                    continue;
                }
                active++;
                tokens[s] = slot.Generated[^1];
                positions[s] = slot.Prompt.Count + slot.Generated.Count - 1;
                highest = Math.Max(highest, positions[s]);
                rows[s] = slot.Row();
            }
            if (active == 0) return;
            var keyLength = Math.Min(RoundUp(highest + 1, _options.KeyBucket), maxLength);
            long[] chosen;
            using (var input = tensor(tokens, device: _model.Device))
            using (var logits = _model.Decode(input, positions, cache, keyLength))
                chosen = sampler.Sample(logits, allSlots, rows);
            counters.DecodeSteps++;
            for (var s = 0; s < batch; s++)
                if (slots[s] is { } slot) Accept(slot, s, chosen[s], slots, results, sampler, cache, maxLength);
        }
    }

    private void Refill(IReadOnlyList<GenerationRequest> requests, GenerationResult?[] results, Queue<int> queue, Slot?[] slots, TokenSampler sampler, KvCache cache, int maxLength, Counters counters)
    {
        var freeSlots = slots.Count(s => s is null);
        var gather = Math.Max(1, (int)Math.Ceiling(slots.Length * _options.RefillFraction));
        if (freeSlots < Math.Min(gather, queue.Count)) return;
        while (queue.Count > 0)
        {
            var free = new List<int>();
            for (var s = 0; s < slots.Length; s++)
                if (slots[s] is null) free.Add(s);
            if (free.Count == 0) return;
            var newcomers = new List<(int Slot, Slot State)>();
            var longestSoFar = 0;
            foreach (var s in free)
            {
                if (queue.Count == 0) break;
                var next = requests[queue.Peek()];
                // Bound the padded size of the call (prompts x longest prompt), not just the real tokens.
                var longestWith = Math.Max(longestSoFar, next.PromptIds.Count);
                if (newcomers.Count > 0 && (long)(newcomers.Count + 1) * RoundUp(longestWith, _options.PrefillBucket) > _options.MaxPrefillTokens) break;
                var index = queue.Dequeue();
                longestSoFar = longestWith;
                newcomers.Add((s, new Slot(index, requests[index])));
            }
            var longest = newcomers.Max(n => n.State.Prompt.Count);
            var padded = Math.Min(RoundUp(longest, _options.PrefillBucket), maxLength);
            var slotIds = newcomers.Select(n => n.Slot).ToArray();
            var rows = newcomers.Select(n => n.State.Row()).ToArray();
            foreach (var (s, state) in newcomers)
            {
                slots[s] = state;
                sampler.StartSlot(s, state.Prompt);
            }
            long[] chosen;
            counters.PrefillCalls++;
            using (var logits = _model.Prefill(newcomers.Select(n => n.State.Prompt).ToArray(), padded, cache, slotIds))
                chosen = sampler.Sample(logits, slotIds, rows);
            for (var i = 0; i < newcomers.Count; i++)
                Accept(newcomers[i].State, newcomers[i].Slot, chosen[i], slots, results, sampler, cache, maxLength);
        }
    }

    private void Accept(Slot slot, int s, long token, Slot?[] slots, GenerationResult?[] results, TokenSampler sampler, KvCache cache, int maxLength)
    {
        if (token < 0)
        {
            // The slot's cache rows may hold NaN now; masked positions of the next request must be finite.
            cache.Clear(s);
            Finish(slots, s, results, slot, GenerationResult.Failed(slot.Request,
                $"logits contained NaN or infinity at generated token {slot.Generated.Count}", slot.Generated.ToArray()));
            return;
        }
        slot.Generated.Add((int)token);
        sampler.Record([s], [token]);
        var sampling = slot.Request.Sampling;
        if (_model.Config.EosTokenIds.Contains((int)token) || sampling.StopTokenIds.Contains((int)token))
        {
            Finish(slots, s, results, slot, Completed(slot, FinishReason.Eos, Text(slot.Generated.Take(slot.Generated.Count - 1).ToArray())));
            return;
        }
        if (sampling.StopStrings.Count > 0)
        {
            var text = _detokenize!(slot.Generated);
            var cut = -1;
            foreach (var stop in sampling.StopStrings)
            {
                var at = text.IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0 && (cut < 0 || at < cut)) cut = at;
            }
            if (cut >= 0)
            {
                Finish(slots, s, results, slot, Completed(slot, FinishReason.Stop, text[..cut]));
                return;
            }
        }
        if (slot.Generated.Count >= sampling.MaxNewTokens || slot.Prompt.Count + slot.Generated.Count >= maxLength)
            Finish(slots, s, results, slot, Completed(slot, FinishReason.Length, Text(slot.Generated)));
    }

    private string? Text(IReadOnlyList<int> ids) => _detokenize?.Invoke(ids);

    private static GenerationResult Completed(Slot slot, FinishReason reason, string? text) =>
        new(slot.Request.Id, text, slot.Generated.ToArray(), slot.Prompt.Count, reason);

    private static void Finish(Slot?[] slots, int s, GenerationResult?[] results, Slot slot, GenerationResult result)
    {
        results[slot.Index] = result;
        slots[s] = null;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private sealed class Counters
    {
        public int DecodeSteps;
        public int PrefillCalls;
    }

    private sealed class Slot(int index, GenerationRequest request)
    {
        public int Index { get; } = index;
        public GenerationRequest Request { get; } = request;
        public IReadOnlyList<int> Prompt => Request.PromptIds;
        public List<int> Generated { get; } = new(Math.Min(request.Sampling.MaxNewTokens, 4096));
        private readonly long _seed = request.Sampling.Seed ?? CounterRandom.SeedFromId(request.Id);

        public SamplingRow Row()
        {
            var p = Request.Sampling;
            return new SamplingRow(p.Greedy, (float)p.Temperature, p.TopK, (float)p.TopP, (float)p.RepetitionPenalty,
                CounterRandom.Uniform(_seed, Generated.Count));
        }
    }
}
