using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Inference.Tokenization;
using YuLanData.Cli.Commands;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests;

public class TokenCountingTests
{
    private static readonly string Tokenizer = RepoPaths.SharedFixture("tokenizers", "sp-bpe-bytefallback", "tokenizer.json");

    [Fact]
    public void CountTokensAnnotatesEachDocumentAndTotalsPerSource()
    {
        using var dir = new TempDir();
        string[] inputs = [RealDocuments.WebFile("datajuicer_redpajama_pile_samples.jsonl"), RealDocuments.WebFile("article_extraction_benchmark_groundtruth.jsonl")];
        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml(inputs, dir["out"], $"- count_tokens: {{tokenizer: \"{Tokenizer}\"}}"), dir["p.yaml"]);
        var tokenizer = HuggingFaceTokenizer.Load(Tokenizer);
        var docs = inputs.SelectMany(f => IO.DocumentReader.ReadFile(f)).Select(r => r.Document!).ToList();
        var output = Directory.GetFiles(folder.OutputDir).Order(StringComparer.Ordinal).SelectMany(f => IO.DocumentReader.ReadFile(f)).Select(r => r.Document!).ToList();
        Assert.Equal(docs.Count, output.Count);
        long total = 0;
        var perSource = new Dictionary<string, long>();
        for (int i = 0; i < docs.Count; i++)
        {
            int expected = tokenizer.Encode(docs[i].Text).Length;
            Assert.Equal(expected, output[i].Metadata["token_count"]!.GetValue<int>());
            total += expected;
            perSource[docs[i].Source] = perSource.GetValueOrDefault(docs[i].Source) + expected;
        }
        var counters = stats.Stages[0].Counters;
        Assert.Equal(total, counters["tokens"]);
        Assert.True(perSource.Count > 1);
        foreach (var (source, n) in perSource)
            Assert.Equal(n, counters["tokens/" + source]);
        var merged = JsonNode.Parse(File.ReadAllText(folder.MergedStats))!;
        Assert.Equal(total, merged["stages"]![0]!["counters"]!["tokens"]!.GetValue<long>());
    }

    [Fact]
    public void TokenizeCommandWritesOneIdLinePerDocumentInOrder()
    {
        using var dir = new TempDir();
        string input = RealDocuments.WebFile("article_extraction_benchmark_groundtruth.jsonl");
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["tokenize", "--tokenizer", Tokenizer, "--input", input, "--output", dir["ids.jsonl"]]));
        var tokenizer = HuggingFaceTokenizer.Load(Tokenizer);
        var expected = IO.DocumentReader.ReadFile(input).Select(r => tokenizer.Encode(r.Document!.Text)).ToList();
        var lines = File.ReadAllLines(dir["ids.jsonl"]);
        Assert.Equal(expected.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
            Assert.Equal(expected[i], JsonSerializer.Deserialize<JsonObject>(lines[i])!["ids"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.All(expected, ids => Assert.Equal(1, ids[0])); // BOS added by the post-processor, as HF does by default
    }
}
