using System.Text.Json.Nodes;
using YuLanData.Inference.Tokenization;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Mixing;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Mixing;

/// <summary>
/// One three-phase mix over real web documents, laid out as pipeline run folders (<c>runs/X/output/</c>) in three
/// formats: shuffled tokenized phase, a curriculum-ordered text phase, a packed annealing phase with reuse and an
/// upsampled source. Shared by the end-to-end tests.
/// </summary>
public sealed class MixRunFixture : IDisposable
{
    public static readonly string TokenizerPath = RepoPaths.SharedFixture("tokenizers", "sp-bpe-bytefallback", "tokenizer.json");

    public MixRunFixture()
    {
        Dir = new TempDir();
        Tokenizer = HuggingFaceTokenizer.Load(TokenizerPath);
        Write(Dir["runs/news_bbc/output/00000.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz", 700));
        Write(Dir["runs/news_rural/output/00000.jsonl.gz"], RealDocuments.Load("nltk_abc_rural_news.jsonl.gz", 1500));
        Write(Dir["runs/pile/output/00000.parquet"], RealDocuments.Load("datajuicer_redpajama_pile_samples.jsonl", 40));
        Write(Dir["runs/cc/output/00000.jsonl"], RealDocuments.Load("dclm_quality_annotated_cc.jsonl.gz"));
        Yaml = $$"""
            name: test-mix
            seed: 11
            tokenizer: {{TokenizerPath}}
            output: {path: {{Dir["mix"]}}, shard_tokens: 40000, megatron: true}
            phases:
              - name: stable-1
                tokens: 150000
                sources:
                  - {path: {{Dir["runs/news_bbc"]}}, name: news/bbc, share: 0.5}
                  - {path: {{Dir["runs/news_rural"]}}, name: news/rural, share: 0.3}
                  - {path: {{Dir["runs/pile"]}}, name: pile/samples, tokens: 30000}
              - name: stable-2
                tokens: 120000
                format: text
                order: {key: label, direction: descending}
                sources:
                  - {path: "{{Dir["runs/cc/output"]}}/*.jsonl", name: cc/dclm, share: 1.0}
              - name: annealing
                tokens: 60000
                format: packed
                sequence_length: 4096
                allow_reuse: true
                sources:
                  - {path: {{Dir["runs/news_bbc"]}}, name: news/bbc, share: 0.5}
                  - {path: {{Dir["runs/pile"]}}, name: pile/samples, share: 0.5}
            """;
        File.WriteAllText(Dir["mix.yaml"], Yaml);
        Config = CurriculumLoader.Load(Dir["mix.yaml"]);
        Result = MixRunner.Run(Config);
        ShardDir = Dir["mix/shards"];
    }

    public TempDir Dir { get; }

    public HuggingFaceTokenizer Tokenizer { get; }

    public string Yaml { get; }

    public CurriculumConfig Config { get; }

    public MixResult Result { get; }

    public string ShardDir { get; }

    /// <summary>The metadata JSON of every shard, in name (= training) order.</summary>
    public List<JsonObject> ShardMetadata() =>
        Directory.GetFiles(ShardDir, "splitted_part-*.json").Order(StringComparer.Ordinal).Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToList();

    private static void Write(string path, List<Document> docs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (path.EndsWith(".parquet", StringComparison.Ordinal))
        {
            using var w = new ParquetDocumentWriter(path);
            foreach (var d in docs)
                w.Write(d);
        }
        else
            RealDocuments.WriteJsonl(path, docs);
    }

    public void Dispose()
    {
        Result.Dispose();
        Dir.Dispose();
    }
}
