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

/// <summary>The model kind stored in a fastText file. Only <see cref="Supervised"/> models can predict.</summary>
public enum FastTextModelKind
{
    Cbow = 1,
    SkipGram = 2,
    Supervised = 3,
}
