namespace YuLanData.Filters.FastText;

/// <summary>
/// Hyperparameters for supervised training; names and defaults follow <c>fasttext supervised</c>
/// (e.g. <c>-lr 0.1 -dim 100 -epoch 5 -wordNgrams 1 -loss softmax</c>).
/// </summary>
public sealed class FastTextTrainingOptions
{
    /// <summary>Initial learning rate (<c>-lr</c>), decayed linearly to 0.</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>Vector dimension (<c>-dim</c>).</summary>
    public int Dim { get; set; } = 100;

    /// <summary>Context window (<c>-ws</c>); unused by supervised training, stored in the file.</summary>
    public int WindowSize { get; set; } = 5;

    /// <summary>Passes over the data (<c>-epoch</c>).</summary>
    public int Epoch { get; set; } = 5;

    /// <summary>Words seen fewer times are dropped (<c>-minCount</c>).</summary>
    public int MinCount { get; set; } = 1;

    /// <summary>Labels seen fewer times are dropped (<c>-minCountLabel</c>).</summary>
    public int MinCountLabel { get; set; }

    /// <summary>Negatives per example for <see cref="FastTextLoss.NegativeSampling"/> (<c>-neg</c>).</summary>
    public int Negatives { get; set; } = 5;

    /// <summary>Maximum word n-gram length (<c>-wordNgrams</c>).</summary>
    public int WordNgrams { get; set; } = 1;

    /// <summary>The loss (<c>-loss softmax|hs|ova|ns</c>).</summary>
    public FastTextLoss Loss { get; set; } = FastTextLoss.Softmax;

    /// <summary>Hash buckets for n-grams (<c>-bucket</c>); forced to 0 when wordNgrams ≤ 1 and maxn = 0, as fastText does.</summary>
    public int Bucket { get; set; } = 2_000_000;

    /// <summary>Minimum char n-gram length (<c>-minn</c>).</summary>
    public int MinN { get; set; }

    /// <summary>Maximum char n-gram length (<c>-maxn</c>); 0 disables subwords.</summary>
    public int MaxN { get; set; }

    /// <summary>Training threads (<c>-thread</c>); 1 makes training deterministic for a seed.</summary>
    public int Threads { get; set; } = 12;

    /// <summary>Tokens between learning-rate updates (<c>-lrUpdateRate</c>).</summary>
    public int LrUpdateRate { get; set; } = 100;

    /// <summary>Sampling threshold (<c>-t</c>); unused by supervised training, stored in the file.</summary>
    public double SamplingThreshold { get; set; } = 1e-4;

    /// <summary>Prefix marking label tokens (<c>-label</c>).</summary>
    public string LabelPrefix { get; set; } = FastTextDictionary.DefaultLabelPrefix;

    /// <summary>Random seed (<c>-seed</c>).</summary>
    public int Seed { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> for values fastText would reject or that cannot train.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0))
            throw new ArgumentException($"learning_rate must be > 0 (got {LearningRate})");
        if (Dim is <= 0 or > 4096)
            throw new ArgumentException($"dim must be in 1..4096 (got {Dim})");
        if (Epoch <= 0)
            throw new ArgumentException($"epoch must be > 0 (got {Epoch})");
        if (WordNgrams <= 0)
            throw new ArgumentException($"word_ngrams must be >= 1 (got {WordNgrams})");
        if (Bucket < 0)
            throw new ArgumentException($"bucket must be >= 0 (got {Bucket})");
        if (MinN < 0 || MaxN < 0 || (MaxN > 0 && MinN > MaxN))
            throw new ArgumentException($"need 0 <= minn <= maxn (got minn={MinN}, maxn={MaxN})");
        if (Threads <= 0)
            throw new ArgumentException($"threads must be > 0 (got {Threads})");
        if (LrUpdateRate <= 0)
            throw new ArgumentException($"lr_update_rate must be > 0 (got {LrUpdateRate})");
        if (Negatives <= 0 && Loss == FastTextLoss.NegativeSampling)
            throw new ArgumentException($"neg must be > 0 for negative sampling (got {Negatives})");
        if (string.IsNullOrEmpty(LabelPrefix))
            throw new ArgumentException("label_prefix must not be empty");
        if ((MaxN > 0 || WordNgrams > 1) && Bucket == 0)
            throw new ArgumentException("bucket must be > 0 when maxn > 0 or word_ngrams > 1");
    }
}
