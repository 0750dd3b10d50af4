using System.Text;
using YuLanData.Inference.Tokenization;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>Edge cases compared id for id with Hugging Face's library on both real tokenizer files.</summary>
public sealed class EdgeCaseParityTests
{
    public static TheoryData<string, string> Cases()
    {
        string[] texts =
        [
            "", " ", "  ", "   ", "\n", "\n\n\n", "\r\n", " \r\n \r\n", "\t", "\t \t  \n", "a  b   c    d", " leading", "trailing ",
            new string(' ', 1000), new string('\n', 300), "x" + new string(' ', 17) + "y", "\u00A0\u2003\u3000x\u3000",
            "😀", "👨‍👩‍👧‍👦 family", "🇩🇪🇫🇷", "I ❤️ Paris 🗼!", "emoji😀in😀words",
            new string('a', 10_000), string.Concat(Enumerable.Repeat("abcdefghij", 2000)), "hmmmmmmmmmmmmmmmmmmmm",
            "https://example.com/" + string.Concat(Enumerable.Repeat("very-long-path-segment/", 200)),
            string.Concat(Enumerable.Repeat("ÿ", 3000)), string.Concat(Enumerable.Repeat("漢字", 2000)),
            "𝐀𝐁𝐂 𝐚𝐛𝐜", "𝟏𝟐𝟑 𝟗", "𠀀𠀁𠀂 𪚥", "𐍈𐌰𐌹 Gothic", "a𝐀1𝟏 x", "1234567890", "١٢٣٤ ٥٦", "Ⅻ ½ ²³",
            "e\u0301 é", "\u1100\u1161\u11A8 각", "ﬁ ﬀ Å Å", "ߍ߽߳ NKo", "\u07F3\u07FD", "a\uFFFEb", "\uFFFF", "\uFEFFbom",
            "\0\u0001\u001F\u007F", "'s 'S 'LL 'Ve 're 'd 'm 'T 'x", "don't I'm we'll they've", "'ſ",
            "<s></s><unk>", "x<s>y", "<s> a </s>", "<|im_start|>user\nhi<|im_end|>", "<think>\n</think>", "<|endoftext|><|endoftext|>",
            "<0x0A> ▁ ▁▁ a▁b", "def f(x):\n    return x ** 2  # comment\n\n\n\tpass\n",
            "$$\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}$$", "Ελληνικά русский עברית العربية हिन्दी ไทย 日本語 한국어",
        ];
        var data = new TheoryData<string, string>();
        foreach (string name in new[] { TokenizerFixtures.SentencePiece, TokenizerFixtures.ByteLevel })
            foreach (string text in texts)
                data.Add(name, text);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodesDecodesAndCountsLikeTheOracle(string name, string text)
    {
        HuggingFaceTokenizer ours = TokenizerFixtures.Load(name);
        int[] expected = TokenizerFixtures.OracleEncode(name, text);
        int[] actual = ours.Encode(text);
        Assert.True(expected.AsSpan().SequenceEqual(actual), OracleParityTests.DescribeDifference(ours, expected, actual));
        Assert.Equal(expected.Length, ours.CountTokens(text));
        Assert.Equal(TokenizerFixtures.Oracle(name).Decode(Array.ConvertAll(expected, id => (uint)id)), ours.Decode(actual, skipSpecialTokens: true));
        if (OracleParityTests.IsLossless(ours, name, text))
            Assert.Equal(text, ours.Decode(ours.Encode(text, addSpecialTokens: false)));
    }

    [Theory]
    [InlineData(TokenizerFixtures.SentencePiece)]
    [InlineData(TokenizerFixtures.ByteLevel)]
    public void UnpairedSurrogatesAreReadAsReplacementCharacters(string name)
    {
        // Hugging Face's library rejects invalid UTF-16; what it gets after UTF-8 encoding is the replacement character.
        // (Built here: xunit does not carry unpaired surrogates through InlineData.)
        (string Text, string AsTheOracleSeesIt)[] cases =
        [
            ("a\uD800b", "a\uFFFDb"),
            ("\uDC00\uD800 x \uD83D", "\uFFFD\uFFFD x \uFFFD"),
            ("\uD83D\uDE00\uDE00", "\uD83D\uDE00\uFFFD"),
        ];
        foreach ((string text, string seen) in cases)
            Assert.Equal(TokenizerFixtures.OracleEncode(name, seen), TokenizerFixtures.Load(name).Encode(text));
    }

    [Theory]
    [InlineData(TokenizerFixtures.SentencePiece)]
    [InlineData(TokenizerFixtures.ByteLevel)]
    public void WithoutSpecialTokensThePostProcessorAddsNothing(string name)
    {
        HuggingFaceTokenizer ours = TokenizerFixtures.Load(name);
        int[] with = ours.Encode("Hello world");
        int[] without = ours.Encode("Hello world", addSpecialTokens: false);
        if (name == TokenizerFixtures.SentencePiece)
        {
            Assert.Equal(1, ours.BosId);
            Assert.Equal(2, ours.EosId);
            Assert.Equal([1, .. without], with);
            Assert.Equal([1], ours.Encode(""));
            Assert.Empty(ours.Encode("", addSpecialTokens: false));
        }
        else
        {
            Assert.Null(ours.BosId);
            Assert.Equal(151645, ours.EosId); // <|im_end|>
            Assert.Equal(151643, ours.PadId); // <|endoftext|>
            Assert.Equal(without, with);
        }
        var list = new List<int> { 42 };
        Assert.Equal(with.Length, ours.Encode("Hello world".AsSpan(), list));
        Assert.Equal([42, .. with], list);
    }

    [Fact]
    public void ConcurrentEncodingGivesTheSameIdsAsSequential()
    {
        HuggingFaceTokenizer fresh = HuggingFaceTokenizer.Load(TokenizerFixtures.PathOf(TokenizerFixtures.ByteLevel));
        string[] texts = RealDocuments.All.Where((_, i) => i % 10 == 0).Select(d => d.Text).ToArray();
        int[][] parallel = new int[texts.Length][];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = fresh.Encode(texts[i]));
        HuggingFaceTokenizer sequentialTokenizer = TokenizerFixtures.Load(TokenizerFixtures.ByteLevel);
        for (int i = 0; i < texts.Length; i++)
            Assert.Equal(sequentialTokenizer.Encode(texts[i]), parallel[i]);
    }

    [Fact]
    public void DecodingAnUnknownIdNamesIt()
    {
        HuggingFaceTokenizer ours = TokenizerFixtures.Load(TokenizerFixtures.SentencePiece);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ours.Decode([1, 32000]));
        Assert.Contains("ids[1] = 32000", error.Message);
        Assert.Equal(32000, ours.VocabularySize);
        Assert.Equal(151669, TokenizerFixtures.Load(TokenizerFixtures.ByteLevel).VocabularySize);
    }

    [Fact]
    public void ByteFallbackAndByteLevelDecodingOfPartialCharacters()
    {
        HuggingFaceTokenizer sp = TokenizerFixtures.Load(TokenizerFixtures.SentencePiece);
        int[] ids = sp.Encode("𝐀", addSpecialTokens: false); // ▁ + four byte tokens
        Assert.Equal(5, ids.Length);
        Assert.Equal(TokenizerFixtures.Oracle(TokenizerFixtures.SentencePiece).Decode(Array.ConvertAll(ids[..3], id => (uint)id)), sp.Decode(ids[..3]));
        HuggingFaceTokenizer bl = TokenizerFixtures.Load(TokenizerFixtures.ByteLevel);
        int[] blIds = bl.Encode("ÿ😀", addSpecialTokens: false);
        for (int cut = 0; cut <= blIds.Length; cut++)
            Assert.Equal(TokenizerFixtures.Oracle(TokenizerFixtures.ByteLevel).Decode(Array.ConvertAll(blIds[..cut], id => (uint)id)), bl.Decode(blIds[..cut]));
        Assert.Equal("\uFFFD", Encoding.UTF8.GetString([0xF0, 0x9F]));
    }
}
