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

    /// <summary><c>model.unk_token</c>: used for characters that are neither in the vocabulary nor byte-fallback-able.</summary>
    public string? UnknownToken { get; init; }

    /// <summary><c>model.byte_fallback</c>: characters missing from the vocabulary become <c>&lt;0xXX&gt;</c> tokens.</summary>
    public bool ByteFallback { get; init; }

    /// <summary><c>model.fuse_unk</c>: consecutive unknown characters give one unknown token.</summary>
    public bool FuseUnknown { get; init; }

    /// <summary><c>model.ignore_merges</c>: a word that is a vocabulary entry is taken whole, without merging.</summary>
    public bool IgnoreMerges { get; init; }

    /// <summary>The <c>added_tokens</c> list.</summary>
    public required IReadOnlyList<AddedToken> AddedTokens { get; init; }

    /// <summary>The normalizer's steps, applied in order to each segment between added tokens.</summary>
    public required IReadOnlyList<NormalizerStep> Normalizer { get; init; }

    /// <summary>The regex <c>Split</c> pre-tokenizer, when there is one.</summary>
    public Cl100kStyleSplitter? Splitter { get; init; }

    /// <summary>True when a <c>ByteLevel</c> pre-tokenizer maps the UTF-8 bytes to GPT-2's byte alphabet.</summary>
    public bool ByteLevel { get; init; }

    /// <summary>The <c>Metaspace</c> pre-tokenizer, when there is one.</summary>
    public MetaspaceOptions? Metaspace { get; init; }

    /// <summary>Ids the post-processor puts before the text's ids (e.g. BOS).</summary>
    public required int[] PrefixIds { get; init; }

    /// <summary>Ids the post-processor puts after the text's ids (e.g. EOS).</summary>
    public required int[] SuffixIds { get; init; }

    /// <summary>The decoder's steps, applied in order to the token strings; empty means "join with spaces".</summary>
    public required IReadOnlyList<DecoderStep> Decoder { get; init; }

    /// <summary><c>bos_token</c> of <c>tokenizer_config.json</c>, when given.</summary>
    public string? BosToken { get; init; }

    /// <summary><c>eos_token</c> of <c>tokenizer_config.json</c>, when given.</summary>
    public string? EosToken { get; init; }

    /// <summary><c>pad_token</c> of <c>tokenizer_config.json</c>, when given.</summary>
    public string? PadToken { get; init; }
}
