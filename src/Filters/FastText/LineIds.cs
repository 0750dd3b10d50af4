namespace YuLanData.Filters.FastText;

/// <summary>
/// Per-call scratch for turning one line into model input ids (fastText <c>Dictionary::getLine</c>):
/// word, subword and word-n-gram ids, the label ids found on the line, and the raw token hashes.
/// Reused across calls so the hot path does not allocate.
/// </summary>
internal sealed class LineIds
{
    /// <summary>Input matrix rows to average (words, char n-grams, word n-grams).</summary>
    public IntList Words { get; } = new(256);

    /// <summary>Label indices (0-based among labels) present on the line.</summary>
    public IntList Labels { get; } = new(8);

    /// <summary>Hashes of the word-type tokens, for word n-grams.</summary>
    public IntList WordHashes { get; } = new(128);

    /// <summary>Scratch for <c>&lt;token&gt;</c> bytes of out-of-vocabulary tokens.</summary>
    public byte[] TokenScratch = new byte[256];

    /// <summary>Tokens read on the line, including labels and the end-of-line token (fastText's ntokens).</summary>
    public int TokenCount { get; set; }

    /// <summary>True when a literal <c>&lt;/s&gt;</c> token in the text ended the line before its end.</summary>
    public bool StoppedAtLiteralEos { get; set; }

    public void Clear()
    {
        StoppedAtLiteralEos = false;
        Words.Clear();
        Labels.Clear();
        WordHashes.Clear();
        TokenCount = 0;
    }
}
