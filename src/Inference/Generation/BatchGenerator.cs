using System.Diagnostics;
using Polly;
using Polly.Retry;
using YuLanData.Inference.Model;

namespace YuLanData.Inference.Generation;

/// <summary>
/// Offline batch generation with a preallocated KV cache and continuous batching. This class checks the requests,
/// sizes the cache, and runs <see cref="GenerationLoop"/>: the <see cref="Scheduler"/> admits prompts of different
/// lengths together into free cache slots and finishes sequences, the <see cref="ModelRunner"/> prefills and decodes
/// (all slots one token per step, key length rounded up to <see cref="GeneratorOptions.KeyBucket"/>). Running out of
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
            : Math.Min(ShapeBucket.RoundUp(longest, _options.KeyBucket), config.MaxPositionEmbeddings);
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
        // Unfinished requests start afresh, so a retry at a smaller batch gives the same outputs.
        var pending = Enumerable.Range(0, requests.Count).Where(i => results[i] is null).Select(i => new Sequence(i, requests[i])).ToArray();
        if (pending.Length == 0) return;
        var tracksSeen = pending.Any(s => s.Request.Sampling.RepetitionPenalty != 1.0);
        using var runner = new ModelRunner(_model, batch, maxLength, _options, tracksSeen);
        var scheduler = new Scheduler(batch, maxLength, _options, _model.Config.EosTokenIds, _detokenize, s => results[s.Index] = s.Result);
        foreach (var sequence in pending) scheduler.Add(sequence);
        try
        {
            GenerationLoop.RunUntilIdle(scheduler, runner, ct);
        }
        finally
        {
            counters.DecodeSteps += runner.DecodeSteps;
            counters.PrefillCalls += runner.PrefillCalls;
        }
    }

    private sealed class Counters
    {
        public int DecodeSteps;
        public int PrefillCalls;
    }
}
