namespace YuLanData.Inference.Tokenization;

/// <summary>
/// Splits SentencePiece-style text before every word-boundary marker (<c>▁</c>) that follows another character,
/// so "▁a▁▁b" becomes "▁a", "▁▁b". This is a speed-up, not a semantic pre-tokenizer: it is used only when no
/// vocabulary token has the marker after another character, because then no BPE merge can cross such a point and
/// merging each piece alone gives the same ids as merging the whole segment (and short pieces hit the merge cache).
/// </summary>
internal sealed class WordBoundarySplitter(char marker) : IPieceSplitter
{
    /// <summary>True when no token of <paramref name="vocabulary"/> has <paramref name="marker"/> right after another character.</summary>
    public static bool IsSafeFor(IEnumerable<string> vocabulary, char marker)
    {
        foreach (string token in vocabulary)
        {
            for (int i = token.IndexOf(marker, 1); i > 0; i = i + 1 < token.Length ? token.IndexOf(marker, i + 1) : -1)
                if (token[i - 1] != marker)
                    return false;
        }
        return true;
    }

    /// <summary>The piece at <paramref name="start"/> runs up to the next marker that follows a non-marker character.</summary>
    public int PieceLength(ReadOnlySpan<char> text, int start)
    {
        int search = start + 1;
        while (search < text.Length)
        {
            int found = text[search..].IndexOf(marker);
            if (found < 0)
                break;
            int at = search + found;
            if (text[at - 1] != marker)
                return at - start;
            search = at + 1;
        }
        return text.Length - start;
    }
}
