using System.Text.Json.Nodes;
using YuLanData.Inference.Tokenization;
using YuLanData.Jobs.Mixing;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Mixing;

public class TokenShardInspectorTests
{
    [Fact]
    public void A_token_shard_shows_its_ids_positions_and_decoded_text()
    {
        using var dir = new TempDir();
        var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(RepoPaths.SharedFixture("tokenizers"), "bytelevel-bpe", "tokenizer.json"));
        var ids = tokenizer.Encode("The cat sat on the mat.", addSpecialTokens: false);
        var path = dir["splitted_part-0000.parquet"];
        using (var w = new TokenShardWriter(path, withPositions: true))
        {
            w.WriteRow(ids, Enumerable.Range(0, ids.Length).ToArray());
            w.WriteRow(ids[..2], [0, 1]);
        }
        Assert.True(TokenShardInspector.IsTokenShard(path));
        var output = new StringWriter();
        Assert.Equal(1, TokenShardInspector.Write(path, 1, tokenizer, output, countOnly: false));
        var row = JsonNode.Parse(output.ToString().Trim())!;
        Assert.Equal(ids, row["input_ids"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(0, ids.Length), row["position_ids"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.Equal("The cat sat on the mat.", row["text"]!.GetValue<string>());
        Assert.Equal(2, TokenShardInspector.Write(path, 10, null, TextWriter.Null, countOnly: true));

        var docs = dir["docs.parquet"];
        File.Copy(Path.Combine(RepoPaths.Root, "data", "benchmarks", "math500_test.jsonl.gz"), dir["x.jsonl.gz"]);
        Assert.False(TokenShardInspector.IsTokenShard(dir["x.jsonl.gz"]));
        Assert.False(TokenShardInspector.IsTokenShard(docs));   // missing file: not a token shard
    }
}
