using System.Globalization;

namespace YuLanData.Inference.Tokenization;

/// <summary>
/// The library side of <c>./yulandata tokenize --tokenizer T --input F [--output O]</c>: encodes documents and writes
/// one JSON line <c>{"ids": [...]}</c> per document, in input order. Documents are encoded in parallel in ordered batches.
/// </summary>
public static class TokenizeTool
{
    private const int BatchSize = 256;

    /// <summary>Loads the tokenizer at <paramref name="tokenizerPath"/> and writes the ids of every text.</summary>
    /// <param name="tokenizerPath">A <c>tokenizer.json</c> file, or the folder holding it.</param>
    /// <param name="texts">The documents' texts, in order.</param>
    /// <param name="output">Receives one JSON line per document.</param>
    /// <param name="addSpecialTokens">Add the post-processor's tokens (e.g. BOS), as Hugging Face does by default.</param>
    /// <returns>The number of documents written.</returns>
    public static long Run(string tokenizerPath, IEnumerable<string> texts, TextWriter output, bool addSpecialTokens = true) =>
        Run(HuggingFaceTokenizer.Load(tokenizerPath), texts, output, addSpecialTokens);

    /// <summary>Writes the ids of every text with an already loaded tokenizer.</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <param name="texts">The documents' texts, in order.</param>
    /// <param name="output">Receives one JSON line per document.</param>
    /// <param name="addSpecialTokens">Add the post-processor's tokens (e.g. BOS).</param>
    /// <returns>The number of documents written.</returns>
    public static long Run(HuggingFaceTokenizer tokenizer, IEnumerable<string> texts, TextWriter output, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(output);
        var batch = new List<string>(BatchSize);
        var encoded = new int[BatchSize][];
        long written = 0;
        foreach (string text in texts)
        {
            batch.Add(text ?? throw new ArgumentException($"document {written + batch.Count} is null", nameof(texts)));
            if (batch.Count == BatchSize)
                written += Flush();
        }
        written += Flush();
        output.Flush();
        return written;

        int Flush()
        {
            Parallel.For(0, batch.Count, i => encoded[i] = tokenizer.Encode(batch[i], addSpecialTokens));
            for (int i = 0; i < batch.Count; i++)
                WriteLine(output, encoded[i]);
            int count = batch.Count;
            batch.Clear();
            return count;
        }
    }

    /// <summary>Writes <c>{"ids": [a, b, ...]}</c> and a newline.</summary>
    public static void WriteLine(TextWriter output, ReadOnlySpan<int> ids)
    {
        Span<char> number = stackalloc char[11];
        output.Write("{\"ids\": [");
        for (int i = 0; i < ids.Length; i++)
        {
            if (i > 0)
                output.Write(", ");
            ids[i].TryFormat(number, out int length, provider: CultureInfo.InvariantCulture);
            output.Write(number[..length]);
        }
        output.Write("]}\n");
    }
}
