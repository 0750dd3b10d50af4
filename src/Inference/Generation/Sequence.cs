namespace YuLanData.Inference.Generation;

/// <summary>
/// One request while it is generated: its prompt and settings, the tokens generated so far, the KV-cache slot it
/// holds while running, and its result once finished. The scheduler moves it from waiting to running to finished;
/// the model runner reads its last token, position and sampling row.
/// </summary>
public sealed class Sequence
{
    private readonly List<int> _generated;
    private readonly long _seed;

    /// <param name="index">The caller's number for this request (e.g. its position in a batch of requests).</param>
    /// <param name="request">The prompt and its sampling settings.</param>
    public Sequence(int index, GenerationRequest request)
    {
        Index = index;
        Request = request;
        _generated = new List<int>(Math.Min(request.Sampling.MaxNewTokens, 4096));
        _seed = request.Sampling.Seed ?? CounterRandom.SeedFromId(request.Id);
    }

    /// <summary>The caller's number for this request.</summary>
    public int Index { get; }

    /// <summary>The prompt and its sampling settings.</summary>
    public GenerationRequest Request { get; }

    /// <summary>Prompt token ids.</summary>
    public IReadOnlyList<int> Prompt => Request.PromptIds;

    /// <summary>Tokens generated so far (a final EOS or stop id included).</summary>
    public IReadOnlyList<int> Generated => _generated;

    /// <summary>Prompt plus generated tokens.</summary>
    public int Length => Prompt.Count + _generated.Count;

    /// <summary>The KV-cache slot this sequence occupies while running; -1 while waiting or once finished.</summary>
    public int Slot { get; internal set; } = -1;

    /// <summary>The outcome, set once the sequence has finished; null until then.</summary>
    public GenerationResult? Result { get; private set; }

    /// <summary>Whether the sequence has finished (completed or failed).</summary>
    public bool IsFinished => Result is not null;

    /// <summary>Whether <see cref="Cancel"/> was called; the scheduler then finishes it at its next step.</summary>
    public bool IsCancelRequested => Volatile.Read(ref _cancelRequested);

    private bool _cancelRequested;

    /// <summary>
    /// Asks the scheduler to drop this sequence (e.g. its client went away): a waiting one is not admitted, a running
    /// one frees its slot after the current step; either finishes as failed with the reason "cancelled". Safe from any thread.
    /// </summary>
    public void Cancel() => Volatile.Write(ref _cancelRequested, true);

    /// <summary>Log-probability (natural log, under the model's unmodified distribution) of each generated token, when the runner recorded them.</summary>
    public IReadOnlyList<float> Logprobs => _logprobs;

    private readonly List<float> _logprobs = [];

    /// <summary>The last generated token, the input of the next decode step.</summary>
    internal int LastToken => _generated[^1];

    /// <summary>The position of <see cref="LastToken"/>.</summary>
    internal int Position => Length - 1;

    /// <summary>This step's sampling settings; the uniform depends only on the seed and the number of tokens generated.</summary>
    internal SamplingRow SamplingRow()
    {
        var p = Request.Sampling;
        return new SamplingRow(p.Greedy, (float)p.Temperature, p.TopK, (float)p.TopP, (float)p.RepetitionPenalty,
            CounterRandom.Uniform(_seed, _generated.Count));
    }

    internal void Append(int token) => _generated.Add(token);

    internal void RecordLogprob(float logprob) => _logprobs.Add(logprob);

    internal void Finish(GenerationResult result)
    {
        Result = result;
        Slot = -1;
    }
}
