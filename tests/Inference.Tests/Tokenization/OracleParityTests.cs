using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;
using YuLanData.Inference.Tokenization;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>
/// Id-for-id equality with Hugging Face's own tokenizer library (Tokenizers.DotNet) on the two real
/// <c>tokenizer.json</c> files, over about 10,000 real documents of mixed languages, code and math.
/// </summary>
public sealed class OracleParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(TokenizerFixtures.SentencePiece)]
    [InlineData(TokenizerFixtures.ByteLevel)]
    public void RealDocumentsEncodeToTheOracleIdsAndDecodeBack(string name)
    {
        HuggingFaceTokenizer ours = TokenizerFixtures.Load(name);
        Tokenizers.DotNet.Tokenizer oracle = TokenizerFixtures.Oracle(name);
        IReadOnlyList<RealDocument> documents = RealDocuments.All;
        Assert.True(documents.Count >= 10_000, $"only {documents.Count} documents in the sample");

        var failures = new List<string>();
        int mismatches = 0, roundTrips = 0;
        long tokens = 0, chars = 0;
        var oursTime = new Stopwatch();
        var oracleTime = new Stopwatch();
        foreach (RealDocument document in documents)
        {
            oracleTime.Start();
            uint[] expectedRaw = oracle.Encode(document.Text);
            oracleTime.Stop();
            oursTime.Start();
            int[] actual = ours.Encode(document.Text);
            oursTime.Stop();
            int[] expected = Array.ConvertAll(expectedRaw, id => (int)id);
            tokens += expected.Length;
            chars += document.Text.Length;

            string? problem = null;
            if (!expected.AsSpan().SequenceEqual(actual))
                problem = "ids differ: " + DescribeDifference(ours, expected, actual);
            else if (tokens % 7 == 0 && ours.CountTokens(document.Text) != expected.Length)
                problem = $"CountTokens {ours.CountTokens(document.Text)} != {expected.Length}";
            else if (ours.Decode(actual, skipSpecialTokens: true) is var decoded && decoded != oracle.Decode(expectedRaw))
                problem = "decode differs from the oracle's";
            else if (IsLossless(ours, name, document.Text))
            {
                roundTrips++;
                if (ours.Decode(actual, skipSpecialTokens: true) != document.Text)
                    problem = "Decode(Encode(x)) != x";
            }
            if (problem is not null)
            {
                mismatches++;
                if (failures.Count < 5)
                    failures.Add($"{document.Source} line {document.Line}: {problem}");
            }
        }

        output.WriteLine($"{name}: {documents.Count} documents, {chars:N0} chars, {tokens:N0} tokens, {mismatches} mismatches, {roundTrips} lossless round trips checked; " +
                         $"ours {oursTime.Elapsed.TotalSeconds:F2} s, oracle {oracleTime.Elapsed.TotalSeconds:F2} s");
        Assert.True(mismatches == 0, $"{mismatches} of {documents.Count} documents differ:\n" + string.Join("\n", failures));
    }

    /// <summary>True when decoding is expected to give back exactly <paramref name="text"/>.</summary>
    internal static bool IsLossless(HuggingFaceTokenizer tokenizer, string name, string text)
    {
        if (tokenizer.AddedTokens.Any(t => text.Contains(t.Content, StringComparison.Ordinal)))
            return false;
        return name == TokenizerFixtures.SentencePiece
            ? !text.Contains('\u2581')
            : new NfcStep().Apply(text) == text;
    }

    internal static string DescribeDifference(HuggingFaceTokenizer tokenizer, int[] expected, int[] actual)
    {
        int at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
            at++;
        string Window(int[] ids) => JsonSerializer.Serialize(ids.Skip(Math.Max(0, at - 3)).Take(8).Select(id => tokenizer.IdToToken(id)));
        return $"first difference at token {at} of {expected.Length} (ours {actual.Length}): oracle {Window(expected)} ours {Window(actual)}";
    }
}
