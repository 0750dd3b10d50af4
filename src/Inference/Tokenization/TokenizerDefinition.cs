namespace YuLanData.Inference.Tokenization;

/// <summary>The <c>Metaspace</c> pre-tokenizer: spaces become <paramref name="Replacement"/>, a leading one is added per <paramref name="Prepend"/>, and with <paramref name="Split"/> each word is encoded on its own.</summary>
internal sealed record MetaspaceOptions(char Replacement, MetaspacePrepend Prepend, bool Split);

/// <summary>When the <c>Metaspace</c> pre-tokenizer adds the replacement character in front of a segment.</summary>
internal enum MetaspacePrepend { Always, First, Never }

/// <summary>Everything read from a <c>tokenizer.json</c> (and its <c>tokenizer_config.json</c>) that encoding and decoding need.</summary>
internal sealed record TokenizerDefinition
{
    /// <summary>The file it was read from (for messages).</summary>
    public required string SourcePath { get; init; }

    /// <summary>The BPE model's vocabulary: token string → id.</summary>
    public required Dictionary<string, int> Vocabulary { get; init; }

    /// <summary>The merges in rank order, as <c>"left right"</c>.</summary>
    public required List<string> Merges { get; init; }

    public string? UnknownToken { get; init; }
    public bool ByteFallback { get; init; }
    public bool FuseUnknown { get; init; }
    public bool IgnoreMerges { get; init; }

    public required IReadOnlyList<AddedToken> AddedTokens { get; init; }
    public required IReadOnlyList<NormalizerStep> Normalizer { get; init; }

    /// <summary>The regex <c>Split</c> pre-tokenizer, when there is one.</summary>
    public Cl100kStyleSplitter? Splitter { get; init; }

    /// <summary>True when a <c>ByteLevel</c> pre-tokenizer maps the UTF-8 bytes to GPT-2's byte alphabet.</summary>
    public bool ByteLevel { get; init; }

    public MetaspaceOptions? Metaspace { get; init; }

    /// <summary>Ids the post-processor puts before the text's ids (e.g. BOS).</summary>
    public required int[] PrefixIds { get; init; }

    /// <summary>Ids the post-processor puts after the text's ids (e.g. EOS).</summary>
    public required int[] SuffixIds { get; init; }

    public required IReadOnlyList<DecoderStep> Decoder { get; init; }

    public string? BosToken { get; init; }
    public string? EosToken { get; init; }
    public string? PadToken { get; init; }
}
