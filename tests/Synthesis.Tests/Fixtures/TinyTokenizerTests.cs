using YuLanData.Inference.Tokenization;

namespace YuLanData.Synthesis.Tests;

/// <summary>
/// The committed small tokenizer (Fixtures/tiny-tokenizer.json, made by make_tiny_tokenizer.py) fits the tiny Llama's
/// 320 ids and is encoded exactly as Hugging Face's own library does, so text-level end-to-end tests are real.
/// </summary>
public class TinyTokenizerTests
{
    [Fact]
    public void FitsTheTinyModelAndMatchesHuggingFace()
    {
        var ours = HuggingFaceTokenizer.Load(SharedFiles.TinyTokenizer);
        Assert.Equal(320, ours.VocabularySize);
        Assert.Equal(1, ours.TokenId("<s>"));
        Assert.Equal(2, ours.TokenId("</s>"));
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: SharedFiles.TinyTokenizer);
        var texts = SharedFiles.Gsm8k.Take(300).Select(s => s.Field("answer")!).Append("Ünïcödé ✓ 日本 \\boxed{3/4}\n\n  tabs\tand <END>").ToArray();
        foreach (var text in texts)
        {
            var ids = ours.Encode(text);
            Assert.Equal(Array.ConvertAll(oracle.Encode(text), id => (int)id), ids);
            Assert.All(ids, id => Assert.InRange(id, 0, 319));
            Assert.Equal(text, ours.Decode(ids, skipSpecialTokens: true));
        }
    }
}
