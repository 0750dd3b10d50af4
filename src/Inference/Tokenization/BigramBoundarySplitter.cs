namespace YuLanData.Inference.Tokenization;

/// <summary>
/// Splits text between two adjacent UTF-16 units that never occur next to each other inside any vocabulary token.
/// This is a speed-up, not a semantic pre-tokenizer: every BPE merge yields a vocabulary token, so no symbol can ever
/// span such a point, and merging the pieces one by one gives exactly the ids of merging the whole (Hugging Face's
/// merge order, lowest rank then leftmost, restricted to one piece is the same as for that piece alone). Short pieces
/// hit the piece cache, and a cache miss costs the merge engine less. SentencePiece's "▁" never follows another
/// character inside a token, so every word boundary is such a point.
/// </summary>
internal sealed class BigramBoundarySplitter : IPieceSplitter
{
    /// <summary>Pairs of units below 256: bit (first &lt;&lt; 8 | second).</summary>
    private readonly ulong[] _latinPairs = new ulong[65536 / 64];

    /// <summary>Pairs with a unit of 256 or more: first &lt;&lt; 16 | second.</summary>
    private readonly HashSet<uint> _otherPairs = [];

    /// <summary>Units that start at least one pair of <see cref="_otherPairs"/>.</summary>
    private readonly bool[] _startsOtherPair = new bool[65536];

    /// <param name="vocabulary">The model's token strings.</param>
    public BigramBoundarySplitter(IEnumerable<string> vocabulary)
    {
        foreach (string token in vocabulary)
        {
            for (int i = 1; i < token.Length; i++)
            {
                char first = token[i - 1], second = token[i];
                if (first < 256 && second < 256)
                {
                    int bit = first << 8 | second;
                    _latinPairs[bit >> 6] |= 1UL << (bit & 63);
                }
                else
                {
                    _otherPairs.Add((uint)first << 16 | second);
                    _startsOtherPair[first] = true;
                }
            }
        }
    }

    /// <summary>True when <paramref name="first"/> followed by <paramref name="second"/> occurs inside some token.</summary>
    public bool OccursInVocabulary(char first, char second)
    {
        if (first < 256 && second < 256)
        {
            int bit = first << 8 | second;
            return (_latinPairs[bit >> 6] & (1UL << (bit & 63))) != 0;
        }
        return _startsOtherPair[first] && _otherPairs.Contains((uint)first << 16 | second);
    }

    /// <summary>The piece at <paramref name="start"/> runs up to the first adjacent pair that no token contains.</summary>
    public int PieceLength(ReadOnlySpan<char> text, int start)
    {
        int i = start + 1;
        while (i < text.Length && OccursInVocabulary(text[i - 1], text[i]))
            i++;
        return i - start;
    }
}
