namespace YuLanData.Inference.Generation;

/// <summary>How one request picks its tokens and when it stops.</summary>
public sealed record SamplingParameters
{
    /// <summary>Pick the most likely token at every step (temperature, top-k, top-p and seed are then unused).</summary>
    public bool Greedy { get; init; }
    /// <summary>Softmax temperature (&gt; 0) for sampling.</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>Keep only the k most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; }
    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all.</summary>
    public double TopP { get; init; } = 1.0;
    /// <summary>Divide positive (multiply negative) logits of tokens already in the prompt or output by this; 1 is off.</summary>
    public double RepetitionPenalty { get; init; } = 1.0;
    /// <summary>Seed of this request's random stream; null derives one from the request id. The stream depends only
    /// on the seed and the step, so the output does not depend on which other requests share the batch.</summary>
    public long? Seed { get; init; }
    /// <summary>Most tokens to generate.</summary>
    public int MaxNewTokens { get; init; } = 256;
    /// <summary>Strings that end the completion; the text is cut before the first one found (needs a detokenizer).</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];
    /// <summary>Token ids that end the completion, in addition to the model's EOS ids.</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];
    /// <summary>Record each generated token's log-probability (<see cref="Sequence.Logprobs"/>); costs one more read-back per step.</summary>
    public bool Logprobs { get; init; }

    /// <summary>Greedy decoding with the given length limit.</summary>
    public static SamplingParameters GreedyDecoding(int maxNewTokens) => new() { Greedy = true, MaxNewTokens = maxNewTokens };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 1) throw new ArgumentException($"max_new_tokens must be at least 1, got {MaxNewTokens}");
        if (!(RepetitionPenalty > 0)) throw new ArgumentException($"repetition_penalty must be positive, got {RepetitionPenalty}");
        if (Greedy) return;
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ArgumentException($"temperature must be positive, got {Temperature}");
        if (TopK < 0) throw new ArgumentException($"top_k must be >= 0, got {TopK}");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"top_p must be in (0, 1], got {TopP}");
    }
}
