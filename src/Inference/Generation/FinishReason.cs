namespace YuLanData.Inference.Generation;

/// <summary>Why a completion ended.</summary>
public enum FinishReason
{
    /// <summary>An end-of-sequence or stop token id was generated (it is the last id).</summary>
    Eos,
    /// <summary>A stop string appeared; the text is cut before it.</summary>
    Stop,
    /// <summary>max_new_tokens or the context length was reached.</summary>
    Length,
    /// <summary>The request failed; <see cref="GenerationResult.Error"/> says why.</summary>
    Error,
}
