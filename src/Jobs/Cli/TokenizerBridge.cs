using YuLanData.Inference.Generation;

namespace YuLanData.Jobs.Cli;

/// <summary>Connects the generation engine to the project's tokenizer (null until a tokenizer is available).</summary>
internal static class TokenizerBridge
{
    public static Func<string, TokenizerFunctions>? Factory => null;
}
