namespace YuLanData.Inference.Generation;

/// <summary>Engine settings: capacity, shape buckets and memory budget.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Sequences decoded together (KV-cache slots); null sizes it from the memory budget.</summary>
    public int? MaxBatch { get; init; }
    /// <summary>Positions per cache slot; null uses the longest prompt + max_new_tokens, rounded up to a bucket, capped by the model's context.</summary>
    public int? MaxSequenceLength { get; init; }
    /// <summary>Attended key length in decode is rounded up to a multiple of this, so attention sees a new shape only when a bucket is crossed.</summary>
    public int KeyBucket { get; init; } = 128;
    /// <summary>Prompts prefilled together are right-padded to a multiple of this.</summary>
    public int PrefillBucket { get; init; } = 32;
    /// <summary>Padded prompt tokens (prompts times their padded length) prefilled in one call; bounds prefill activations.</summary>
    public int MaxPrefillTokens { get; init; } = 16384;
    /// <summary>
    /// Free slots are refilled once at least this share of the batch is free (or everything still queued fits).
    /// 0 (the default) refills every freed slot before the next step. A prefill call costs about as many op launches
    /// as a decode step whatever the number of prompts in it, so on a GPU gathering newcomers (e.g. 1/16) trades a
    /// few idle slot-steps for fewer calls; <c>bench generation</c> measures both.
    /// </summary>
    public double RefillFraction { get; init; }
    /// <summary>Bytes the KV cache and sampling buffers may use; null measures free memory (CPU: MemAvailable; CUDA: nvidia-smi) times <see cref="MemoryFraction"/>.</summary>
    public long? MemoryBudgetBytes { get; init; }
    /// <summary>Share of measured free memory to use when <see cref="MemoryBudgetBytes"/> is null.</summary>
    public double MemoryFraction { get; init; } = 0.85;

    /// <summary>Throws <see cref="ArgumentException"/> on a bad setting.</summary>
    public void Validate()
    {
        if (MaxBatch is < 1) throw new ArgumentException($"max_batch must be at least 1, got {MaxBatch}");
        if (MaxSequenceLength is < 2) throw new ArgumentException($"max_sequence_length must be at least 2, got {MaxSequenceLength}");
        if (KeyBucket < 1 || PrefillBucket < 1) throw new ArgumentException("buckets must be at least 1");
        if (!(RefillFraction >= 0 && RefillFraction <= 1)) throw new ArgumentException($"refill_fraction must be in [0, 1], got {RefillFraction}");
        if (MaxPrefillTokens < 1) throw new ArgumentException("max_prefill_tokens must be at least 1");
        if (!(MemoryFraction > 0 && MemoryFraction <= 1)) throw new ArgumentException($"memory_fraction must be in (0, 1], got {MemoryFraction}");
    }
}
