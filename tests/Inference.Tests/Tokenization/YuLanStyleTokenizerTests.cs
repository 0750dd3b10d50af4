using System.Text.Json.Nodes;
using YuLanData.Inference.Tokenization;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>
/// YuLan-Mini's tokenizer is a SentencePiece-style BPE file whose special tokens <c>&lt;unk&gt;</c>=0, <c>&lt;s&gt;</c>=1,
/// <c>&lt;/s&gt;</c>=2, <c>&lt;pad&gt;</c>=102, <c>&lt;reasoning_step&gt;</c>=103, <c>&lt;|start_header_id|&gt;</c>=104,
/// <c>&lt;|end_header_id|&gt;</c>=105, <c>&lt;|eot_id|&gt;</c>=106 are vocabulary entries listed again as added tokens.
/// These tests build such a file from the SentencePiece fixture (ids 102-106 renamed; they were byte tokens of
/// ASCII letters, which byte fallback never needs) and compare it, and Metaspace-style variants of it, with Hugging
/// Face's library.
/// </summary>
public sealed class YuLanStyleTokenizerTests
{
    private static readonly string[] YuLanSpecials = ["<pad>", "<reasoning_step>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"];

    private const string YuLanConfig = """{"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"}""";

    private static readonly Lazy<string> YuLanStyleFile = new(() => DerivedTokenizerFiles.Write(TokenizerFixtures.SentencePiece, AddYuLanSpecials, YuLanConfig));

    private static void AddYuLanSpecials(JsonObject root) => AddYuLanSpecials(root, normalized: false);

    private static void AddYuLanSpecials(JsonObject root, bool normalized)
    {
        var vocab = (JsonObject)root["model"]!["vocab"]!;
        var added = (JsonArray)root["added_tokens"]!;
        for (int i = 0; i < YuLanSpecials.Length; i++)
        {
            int id = 102 + i;
            string old = vocab.First(p => (int)p.Value! == id).Key;
            vocab.Remove(old);
            vocab[YuLanSpecials[i]] = id;
            added.Add(DerivedTokenizerFiles.AddedToken(id, YuLanSpecials[i], normalized: normalized));
        }
    }

    private static IEnumerable<string> Texts()
    {
        yield return "<s><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n<reasoning_step>2+2=4<|eot_id|></s><pad><pad>";
        yield return "<|start_header_id|> system <|end_header_id|> You are helpful. <|eot_id|>";
        yield return "<reasoning_step><reasoning_step>x<reasoning_step > <pad <pad>> <|eot_id|";
        yield return "<pad>";
        yield return "";
        yield return " <pad> ";
        int n = 0;
        foreach (RealDocument document in RealDocuments.All.Where((_, i) => i % 40 == 0))
        {
            string text = document.Text;
            int cut = text.Length / 2;
            yield return text[..cut] + YuLanSpecials[n++ % YuLanSpecials.Length] + text[cut..] + "<|eot_id|>";
        }
    }

    [Fact]
    public void YuLanStyleFileLoadsWithItsSpecialTokens()
    {
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.Load(YuLanStyleFile.Value);
        Assert.Equal(1, tokenizer.BosId);
        Assert.Equal(2, tokenizer.EosId);
        Assert.Equal(102, tokenizer.PadId);
        Assert.Equal(0, tokenizer.TokenId("<unk>"));
        for (int i = 0; i < YuLanSpecials.Length; i++)
        {
            Assert.Equal(102 + i, tokenizer.TokenId(YuLanSpecials[i]));
            Assert.Equal([1, 102 + i], tokenizer.Encode(YuLanSpecials[i]));
        }
        Assert.Equal(32000, tokenizer.VocabularySize);
        Assert.Equal("<s> a<|eot_id|>", tokenizer.Decode(tokenizer.Encode("a<|eot_id|>")));
        Assert.Equal("a", tokenizer.Decode(tokenizer.Encode("a<|eot_id|>"), skipSpecialTokens: true));
    }

    [Fact]
    public void YuLanStyleFileMatchesTheOracle() => AssertMatchesOracle(YuLanStyleFile.Value);

    [Fact]
    public void YuLanStyleFileWithNormalizedSpecialsMatchesTheOracle() =>
        AssertMatchesOracle(DerivedTokenizerFiles.Write(TokenizerFixtures.SentencePiece, root => AddYuLanSpecials(root, normalized: true), YuLanConfig));

    [Theory]
    [InlineData("first", false)]
    [InlineData("always", true)]
    [InlineData("never", false)]
    public void MetaspaceVariantMatchesTheOracle(string prependScheme, bool split)
    {
        // The form newer converters write (legacy = false): no normalizer, a Metaspace pre-tokenizer and decoder.
        string path = DerivedTokenizerFiles.Write(TokenizerFixtures.SentencePiece, root =>
        {
            AddYuLanSpecials(root);
            root["normalizer"] = null;
            root["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["prepend_scheme"] = prependScheme, ["split"] = split };
            root["decoder"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["decoders"] = new JsonArray(
                    new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["prepend_scheme"] = prependScheme, ["split"] = split },
                    new JsonObject { ["type"] = "ByteFallback" },
                    new JsonObject { ["type"] = "Fuse" }),
            };
        }, YuLanConfig);
        AssertMatchesOracle(path);
    }

    [Fact]
    public void IgnoreMergesMatchesTheOracle()
    {
        // With ignore_merges a segment that is itself a vocabulary entry becomes that one token even where the merges
        // would not build it: "▁hmmm" is added to the vocabulary (id 32000) without a merge that makes it.
        string path = DerivedTokenizerFiles.Write(TokenizerFixtures.SentencePiece, root =>
        {
            root["model"]!["ignore_merges"] = true;
            root["model"]!["vocab"]!["\u2581hmmm"] = 32000;
        });
        var ours = HuggingFaceTokenizer.Load(path);
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        string[] texts = ["Hello", "   ", "hmmm", "Hello world", "<s>Hello</s>world", .. RealDocuments.All.Where((_, i) => i % 97 == 0).Select(d => d.Text)];
        foreach (string text in texts)
            Assert.Equal(Array.ConvertAll(oracle.Encode(text), id => (int)id), ours.Encode(text));
        Assert.Equal([1, 32000], ours.Encode("hmmm"));
        Assert.Equal([1, 295, 3221, 28719], TokenizerFixtures.Load(TokenizerFixtures.SentencePiece).Encode("hmmm"));
    }

    [Fact]
    public void StrippingAndNormalizedAddedTokensMatchTheOracle()
    {
        string path = DerivedTokenizerFiles.Write(TokenizerFixtures.ByteLevel, root =>
        {
            var added = (JsonArray)root["added_tokens"]!;
            added.Add(DerivedTokenizerFiles.AddedToken(151669, "<lstrip>", lstrip: true));
            added.Add(DerivedTokenizerFiles.AddedToken(151670, "<rstrip>", rstrip: true));
            added.Add(DerivedTokenizerFiles.AddedToken(151671, "<both>", lstrip: true, rstrip: true));
            added.Add(DerivedTokenizerFiles.AddedToken(151672, "café", special: false, normalized: true));
            added.Add(DerivedTokenizerFiles.AddedToken(151673, "<think>x", special: false));
        });
        var ours = HuggingFaceTokenizer.Load(path);
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        string[] texts =
        [
            "a <lstrip> b", "a  \n <rstrip>  \n b", "x <both>  y", "<lstrip><rstrip>  <both>", "  <lstrip>", "<rstrip>  ",
            "un cafe\u0301 et un café", "<think>x</think> <think>", "cafécafé<lstrip>café",
        ];
        foreach (string text in texts)
            Assert.Equal(Array.ConvertAll(oracle.Encode(text), id => (int)id), ours.Encode(text));
    }

    private static void AssertMatchesOracle(string path)
    {
        HuggingFaceTokenizer ours = HuggingFaceTokenizer.Load(path);
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        int count = 0;
        foreach (string text in Texts())
        {
            uint[] expected = oracle.Encode(text);
            int[] actual = ours.Encode(text);
            Assert.True(Array.ConvertAll(expected, id => (int)id).AsSpan().SequenceEqual(actual),
                $"text {count}: " + OracleParityTests.DescribeDifference(ours, Array.ConvertAll(expected, id => (int)id), actual));
            Assert.Equal(oracle.Decode(expected), ours.Decode(actual, skipSpecialTokens: true));
            count++;
        }
        Assert.True(count > 250);
    }
}
