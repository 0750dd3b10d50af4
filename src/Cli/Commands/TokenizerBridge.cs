using YuLanData.Inference.Generation;
using YuLanData.Inference.Tokenization;

namespace YuLanData.Cli.Commands;

/// <summary>Connects the generation engine to the project's Hugging Face tokenizer.</summary>
internal static class TokenizerBridge
{
    public static Func<string, TokenizerFunctions> Factory => path =>
    {
        var tokenizer = HuggingFaceTokenizer.Load(path);
        return new TokenizerFunctions(text => tokenizer.Encode(text), ids => tokenizer.Decode(ids.ToArray()));
    };
}
