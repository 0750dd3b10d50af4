using System.Text.Json;
using YuLanData.Inference.Tokenization;

namespace YuLanData.Inference.Tests.Tokenization;

public sealed class TokenizeToolTests
{
    [Theory]
    [InlineData(TokenizerFixtures.SentencePiece)]
    [InlineData(TokenizerFixtures.ByteLevel)]
    public void WritesOneIdsLinePerDocumentInInputOrder(string name)
    {
        string[] texts = [.. RealDocuments.All.Where((_, i) => i % 17 == 0).Select(d => d.Text), "", "<s>x", "\n"];
        var output = new StringWriter();
        long written = TokenizeTool.Run(Path.GetDirectoryName(TokenizerFixtures.PathOf(name))!, texts, output);

        Assert.Equal(texts.Length, written);
        string[] lines = output.ToString().Split('\n');
        Assert.Equal(texts.Length + 1, lines.Length);
        Assert.Equal("", lines[^1]);
        for (int i = 0; i < texts.Length; i++)
        {
            using JsonDocument line = JsonDocument.Parse(lines[i]);
            int[] ids = line.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(TokenizerFixtures.OracleEncode(name, texts[i]), ids);
        }
    }

    [Fact]
    public void LineFormat()
    {
        var output = new StringWriter();
        TokenizeTool.WriteLine(output, [1, 22557, 0]);
        TokenizeTool.WriteLine(output, []);
        Assert.Equal("{\"ids\": [1, 22557, 0]}\n{\"ids\": []}\n", output.ToString());
    }
}
