using YuLanData.Inference.Tokenization;
using YuLanData.Testing;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>The two real <c>tokenizer.json</c> files and Hugging Face's own library loaded on them (the oracle).</summary>
public static class TokenizerFixtures
{
    /// <summary>SentencePiece-style BPE with byte fallback (Llama 2, 32,000 pieces).</summary>
    public const string SentencePiece = "sp-bpe-bytefallback";

    /// <summary>GPT-2-style byte-level BPE with NFC and a regex split (Qwen3, 151,643 + 26 tokens).</summary>
    public const string ByteLevel = "bytelevel-bpe";

    private static readonly Dictionary<string, Lazy<HuggingFaceTokenizer>> Ours = new()
    {
        [SentencePiece] = new(() => HuggingFaceTokenizer.Load(PathOf(SentencePiece))),
        [ByteLevel] = new(() => HuggingFaceTokenizer.Load(PathOf(ByteLevel))),
    };

    private static readonly Dictionary<string, Lazy<Tokenizers.DotNet.Tokenizer>> Oracles = new()
    {
        [SentencePiece] = new(() => new Tokenizers.DotNet.Tokenizer(vocabPath: PathOf(SentencePiece))),
        [ByteLevel] = new(() => new Tokenizers.DotNet.Tokenizer(vocabPath: PathOf(ByteLevel))),
    };

    /// <summary>The path of a fixture's <c>tokenizer.json</c>.</summary>
    public static string PathOf(string name) => RepoPaths.SharedFixture("tokenizers", name, "tokenizer.json");

    /// <summary>Our tokenizer for a fixture (loaded once).</summary>
    public static HuggingFaceTokenizer Load(string name) => Ours[name].Value;

    /// <summary>Hugging Face's tokenizer for a fixture (loaded once). Its <c>Encode</c> adds special tokens; its <c>Decode</c> skips them.</summary>
    public static Tokenizers.DotNet.Tokenizer Oracle(string name) => Oracles[name].Value;

    /// <summary>The oracle's ids as ints.</summary>
    public static int[] OracleEncode(string name, string text) => Array.ConvertAll(Oracle(name).Encode(text), id => (int)id);
}
