namespace YuLanData.Inference.Generation;

/// <summary>A tokenizer as two functions, so any tokenizer class can be plugged into generation.</summary>
/// <param name="Encode">Text to ids (no special tokens added beyond what the tokenizer adds itself).</param>
/// <param name="Decode">Ids to text.</param>
public sealed record TokenizerFunctions(Func<string, IReadOnlyList<int>> Encode, Func<IReadOnlyList<int>, string> Decode);
