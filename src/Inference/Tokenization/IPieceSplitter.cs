namespace YuLanData.Inference.Tokenization;

/// <summary>Cuts normalized text into the pieces the BPE model merges one at a time.</summary>
internal interface IPieceSplitter
{
    /// <summary>The length (UTF-16 units, at least 1) of the piece that starts at <paramref name="start"/>.</summary>
    /// <param name="text">The whole text being split.</param>
    /// <param name="start">Where the piece starts; less than the text length.</param>
    int PieceLength(ReadOnlySpan<char> text, int start);
}
