namespace YuLanData.Filters.FastText;

/// <summary>The loss a fastText model was trained with (the integer stored in the model file).</summary>
public enum FastTextLoss
{
    /// <summary>Hierarchical softmax over a Huffman tree built from label counts (<c>-loss hs</c>).</summary>
    HierarchicalSoftmax = 1,

    /// <summary>Negative sampling (<c>-loss ns</c>).</summary>
    NegativeSampling = 2,

    /// <summary>Full softmax (<c>-loss softmax</c>).</summary>
    Softmax = 3,

    /// <summary>One independent sigmoid per label (<c>-loss ova</c>).</summary>
    OneVsAll = 4,
}

/// <summary>Parsing of the CLI's loss names.</summary>
public static class FastTextLossNames
{
    /// <summary>Parses a CLI loss name (hs, ns, softmax, ova; also one-vs-all, hierarchical_softmax, negative_sampling).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static FastTextLoss Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "hs" or "hierarchical_softmax" => FastTextLoss.HierarchicalSoftmax,
        "ns" or "negative_sampling" => FastTextLoss.NegativeSampling,
        "softmax" => FastTextLoss.Softmax,
        "ova" or "one_vs_all" or "one-vs-all" => FastTextLoss.OneVsAll,
        _ => throw new ArgumentException($"unknown fastText loss '{name}' (expected hs, ns, softmax or ova)"),
    };

    /// <summary>The CLI name of a loss: hs, ns, softmax or ova.</summary>
    public static string CliName(this FastTextLoss loss) => loss switch
    {
        FastTextLoss.HierarchicalSoftmax => "hs",
        FastTextLoss.NegativeSampling => "ns",
        FastTextLoss.Softmax => "softmax",
        FastTextLoss.OneVsAll => "ova",
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown loss"),
    };
}

/// <summary>The model kind stored in a fastText file. Only <see cref="Supervised"/> models can predict.</summary>
public enum FastTextModelKind
{
    Cbow = 1,
    SkipGram = 2,
    Supervised = 3,
}
