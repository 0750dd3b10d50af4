namespace YuLanData.Inference.Tokenization;

/// <summary>
/// One entry of a <c>tokenizer.json</c> <c>added_tokens</c> list: a string matched in the text before the model runs.
/// </summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The exact text of the token.</param>
/// <param name="Special">True for special tokens (BOS, EOS, ...): they are dropped by <c>Decode(..., skipSpecialTokens: true)</c>.</param>
/// <param name="LeftStrip">True when whitespace right before a match belongs to the token (<c>lstrip</c>).</param>
/// <param name="RightStrip">True when whitespace right after a match belongs to the token (<c>rstrip</c>).</param>
/// <param name="Normalized">True when the token is matched in the normalized text instead of the raw text.</param>
public sealed record AddedToken(int Id, string Content, bool Special, bool LeftStrip, bool RightStrip, bool Normalized);
