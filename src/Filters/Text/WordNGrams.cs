using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace YuLanData.Filters.Text;

/// <summary>
/// Word n-grams over <see cref="WordTokenizer"/> tokens, for dedup and decontamination: datatrove's
/// <c>ngrams(split_into_words(text), n)</c>, as 64-bit hashes of the space-joined n-gram (two n-grams get the same
/// hash when their words are equal) or as strings.
/// </summary>
public static class WordNGrams
{
    /// <summary>Hash of one word (XxHash3 over its UTF-16 code units, with <paramref name="seed"/>).</summary>
    public static ulong WordHash(ReadOnlySpan<char> word, long seed = 0) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(word), seed);

    /// <summary>Writes the hash of every n-gram of consecutive tokens into <paramref name="hashes"/> (one per start
    /// position, <c>tokens.Count - n + 1</c> in all, none when there are fewer than <paramref name="n"/> tokens) and
    /// returns how many were written. The hash combines the word hashes in order, so it depends only on the words.</summary>
    /// <param name="text">The text the tokens index into.</param>
    /// <param name="tokens">The word tokens.</param>
    /// <param name="n">Words per n-gram (at least 1).</param>
    /// <param name="hashes">Receives the hashes; must hold <c>tokens.Count - n + 1</c> values.</param>
    /// <param name="seed">Hash seed.</param>
    public static int Hashes(ReadOnlySpan<char> text, ReadOnlySpan<TokenSpan> tokens, int n, Span<ulong> hashes, long seed = 0)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n-gram size must be at least 1");
        int count = tokens.Length - n + 1;
        if (count <= 0) return 0;
        if (hashes.Length < count) throw new ArgumentException($"hashes holds {hashes.Length} values; {count} are needed", nameof(hashes));
        Span<ulong> words = tokens.Length <= 1024 ? stackalloc ulong[tokens.Length] : new ulong[tokens.Length];
        for (int i = 0; i < tokens.Length; i++) words[i] = WordHash(tokens[i].Of(text), seed);
        for (int i = 0; i < count; i++)
            hashes[i] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(words.Slice(i, n)), seed);
        return count;
    }

    /// <summary>The n-grams of <paramref name="text"/> as space-joined strings (convenience; allocates).</summary>
    /// <param name="text">The text.</param>
    /// <param name="n">Words per n-gram.</param>
    public static List<string> Strings(string text, int n)
    {
        var words = WordTokenizer.Split(text);
        var result = new List<string>();
        for (int i = 0; i + n <= words.Length; i++) result.Add(string.Join(' ', words, i, n));
        return result;
    }
}
