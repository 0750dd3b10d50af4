using System.Collections.Concurrent;
using YuLanData.Inference.Generation;
using YuLanData.Inference.Model;

namespace YuLanData.Inference.Serving;

/// <summary>
/// One long-lived generation loop that callers on any thread feed with requests: continuous batching across
/// independent clients (an HTTP server's requests). A background thread runs <see cref="Scheduler"/> steps on one
/// <see cref="ModelRunner"/> of fixed size; <see cref="Submit"/> queues a sequence that the scheduler admits at its
/// next refill, while other sequences are decoding. A request's tokens depend only on its prompt, settings and seed,
/// never on what else runs, so a server answers exactly what in-process generation answers.
/// </summary>
public sealed class ServingEngine : IDisposable
{
    private readonly LlamaModel _model;
    private readonly GeneratorOptions _options;
    private readonly Func<IReadOnlyList<int>, string>? _detokenize;
    private readonly ConcurrentDictionary<Sequence, ServingHandle> _active = new();
    private readonly SemaphoreSlim _work = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Scheduler _scheduler;
    private long _generatedTokens;
    private long _cancelled;
    private int _next;

    /// <param name="model">The loaded model; the engine does not dispose it.</param>
    /// <param name="batch">Sequences decoded together (KV-cache slots).</param>
    /// <param name="maxLength">Positions per slot: the longest prompt plus completion served (capped by the model's context).</param>
    /// <param name="options">Bucket settings; null uses defaults.</param>
    /// <param name="detokenize">Ids to text (completion text and stop strings); null serves ids only.</param>
    public ServingEngine(LlamaModel model, int batch, int maxLength, GeneratorOptions? options = null, Func<IReadOnlyList<int>, string>? detokenize = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        _model = model;
        _options = options ?? new GeneratorOptions();
        _options.Validate();
        _detokenize = detokenize;
        Batch = batch;
        MaxLength = Math.Min(maxLength, model.Config.MaxPositionEmbeddings);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLength, 2);
        _scheduler = NewScheduler();
        _thread = new Thread(Loop) { IsBackground = true, Name = "serving-engine" };
        _thread.Start();
    }

    /// <summary>KV-cache slots: sequences decoded together.</summary>
    public int Batch { get; }

    /// <summary>Positions per slot: a prompt plus its completion fit in this.</summary>
    public int MaxLength { get; }

    /// <summary>Vocabulary size of the model.</summary>
    public int VocabSize => _model.Config.VocabSize;

    /// <summary>Sequences queued or running.</summary>
    public int Active => _active.Count;

    /// <summary>Tokens generated since start.</summary>
    public long GeneratedTokens => Interlocked.Read(ref _generatedTokens);

    /// <summary>Sequences dropped by <see cref="ServingHandle.Cancel"/> before they finished.</summary>
    public long CancelledSequences => Interlocked.Read(ref _cancelled);

    /// <summary>Queues a request; it runs alongside whatever else runs.</summary>
    /// <param name="request">Prompt ids and sampling settings.</param>
    /// <param name="streaming">Whether <see cref="ServingHandle.Progress"/> receives the tokens as they come.</param>
    /// <exception cref="ArgumentException">The request cannot run here (empty prompt, prompt plus max tokens over <see cref="MaxLength"/>, ids outside the vocabulary, bad settings).</exception>
    public ServingHandle Submit(GenerationRequest request, bool streaming = false)
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        Check(request);
        var sequence = new Sequence(Interlocked.Increment(ref _next), request);
        var handle = new ServingHandle(sequence, streaming);
        _active[sequence] = handle;
        _scheduler.Add(sequence);
        _work.Release();
        return handle;
    }

    private void Check(GenerationRequest request)
    {
        request.Sampling.Validate();
        var prompt = request.PromptIds;
        if (prompt.Count == 0) throw new ArgumentException("the prompt is empty");
        if (prompt.Count + request.Sampling.MaxNewTokens > MaxLength)
            throw new ArgumentException($"the prompt ({prompt.Count} tokens) plus max_tokens ({request.Sampling.MaxNewTokens}) exceeds the context of {MaxLength} tokens");
        for (var i = 0; i < prompt.Count; i++)
            if ((uint)prompt[i] >= (uint)VocabSize)
                throw new ArgumentException($"prompt token {i} is id {prompt[i]}, outside the vocabulary of {VocabSize}");
        if (request.Sampling.RepetitionPenalty != 1.0) throw new ArgumentException("repetition_penalty is not served");
        if (request.Sampling.StopStrings.Count > 0 && _detokenize is null) throw new ArgumentException("stop strings need a tokenizer");
        if (request.Sampling.StopStrings.Any(string.IsNullOrEmpty)) throw new ArgumentException("stop strings must not be empty");
    }

    private Scheduler NewScheduler() => new(Batch, MaxLength, _options, _model.Config.EosTokenIds, _detokenize, Finished);

    private void Finished(Sequence sequence)
    {
        Interlocked.Add(ref _generatedTokens, sequence.Generated.Count);
        if (sequence.Result is { FinishReason: FinishReason.Error, Error: "cancelled" }) Interlocked.Increment(ref _cancelled);
        if (_active.TryRemove(sequence, out var handle)) handle.Complete(sequence.Result!);
    }

    private void Loop()
    {
        ModelRunner? runner = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    _work.Wait(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                try
                {
                    runner ??= new ModelRunner(_model, Batch, MaxLength, _options, tracksSeenTokens: false);
                    while (!_stop.IsCancellationRequested && _scheduler.Schedule() is { } step)
                    {
                        var tokens = step.IsPrefill ? runner.Prefill(step.Sequences) : runner.Decode(step.Sequences);
                        _scheduler.Postprocess(step, tokens);
                        foreach (var sequence in step.Sequences)
                            if (!sequence.IsFinished && _active.TryGetValue(sequence, out var handle)) handle.Publish();
                    }
                }
                catch (Exception e)
                {
                    // A failed step (out of memory, a native error) fails what ran with it; the engine starts afresh.
                    runner?.Dispose();
                    runner = null;
                    var failed = _scheduler;
                    _scheduler = NewScheduler();
                    foreach (var (sequence, handle) in _active.ToArray())
                        if (_active.TryRemove(sequence, out _))
                            handle.Complete(GenerationResult.Failed(sequence.Request, $"{e.GetType().Name}: {e.Message}"));
                    GC.KeepAlive(failed);
                }
            }
        }
        finally
        {
            runner?.Dispose();
            foreach (var (sequence, handle) in _active.ToArray())
                if (_active.TryRemove(sequence, out _)) handle.Complete(GenerationResult.Failed(sequence.Request, "the server is stopping"));
        }
    }

    /// <summary>Stops the loop; unfinished requests fail with "the server is stopping".</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _thread.Join();
        _work.Dispose();
        _stop.Dispose();
    }
}
