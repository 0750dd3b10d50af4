using System.IO.Compression;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using YuLanData.Filters.Decontamination;
using YuLanData.Cli.Commands;
using YuLanData.Jobs.Decontamination;
using YuLanData.Jobs.Pipelines;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Decontamination;

public sealed class DecontamConfigTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Bench(string file) => RepoPaths.SharedData("benchmarks", file);

    [Fact]
    public void Index_command_builds_a_readable_index_from_real_files()
    {
        File.WriteAllText(_dir["c.yaml"], $"""
            n: 13
            benchmarks:
              - name: gsm8k
                files: ["{Bench("gsm8k_test.jsonl")}"]
                fields: [question, answer]
              - name: arc_challenge
                files: ["{Bench("arc_challenge_test.jsonl")}"]
                id_field: id
                fields: [question.stem, question.choices.text]
                labeled_field: question.choices.text
            """);
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["decontam", "index", "--config", _dir["c.yaml"], "--output", _dir["sub/i.idx"]]));
        var index = NgramIndex.ReadFile(_dir["sub/i.idx"]);
        Assert.Equal(["gsm8k", "arc_challenge"], index.Benchmarks);
        Assert.Equal(1319, index.Items.Count(i => i.Benchmark == 0));
        Assert.Equal(1172, index.Items.Count(i => i.Benchmark == 1));
        Assert.Equal("Mercury_7175875", index.Items[1319].Id);
        Assert.Equal("1", index.Items[0].Id);
        Assert.Equal(13, index.Parameters.N);
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["decontam", "info", _dir["sub/i.idx"]]));
        // Building twice gives the same bytes.
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["decontam", "index", "--config", _dir["c.yaml"], "--output", _dir["again.idx"]]));
        Assert.Equal(File.ReadAllBytes(_dir["sub/i.idx"]), File.ReadAllBytes(_dir["again.idx"]));
    }

    [Fact]
    public void Every_shipped_config_parses()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "pipelines", "decontam"), "*.yaml").Where(f => !f.EndsWith("example_run.yaml", StringComparison.Ordinal)))
        {
            var config = DecontamConfig.Load(file);
            Assert.NotEmpty(config.Benchmarks);
            Assert.Equal(13, config.Parameters.N);
        }
    }

    [Theory]
    [InlineData("n: 13\nbenchmarks:\n  - name: x\n    files: [a.jsonl]\n    feilds: [q]\n", 5, "unknown key 'feilds'")]
    [InlineData("n: twelve\nbenchmarks:\n  - name: x\n    files: [a.jsonl]\n    fields: [q]\n", 1, "'n' must be an integer")]
    [InlineData("unit: bytes\nbenchmarks:\n  - name: x\n    files: [a.jsonl]\n    fields: [q]\n", 1, "unit must be 'words' or 'chars'")]
    [InlineData("benchmarks: []\n", 1, "non-empty list")]
    [InlineData("benchmarks:\n  - name: x\n    files: [a.jsonl]\n    fields: [q]\n    labeled_field: c\n", 5, "not one of its fields")]
    [InlineData("n: 5\nmin_short_item_units: 9\nbenchmarks:\n  - name: x\n    files: [a.jsonl]\n    fields: [q]\n", 1, "min_short_item_units")]
    public void Config_errors_name_file_line_and_column(string yaml, int line, string problem)
    {
        var e = Assert.Throws<PipelineConfigException>(() => DecontamConfig.Parse(yaml, "c.yaml"));
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("c.yaml:", e.Message);
    }

    [Fact]
    public void Bad_benchmark_files_give_clear_errors()
    {
        var spec = new BenchmarkSpec("gsm8k", [_dir["none*.jsonl"]], ["question"], null);
        Assert.Contains("no file matches", Assert.Throws<FileNotFoundException>(() => BenchmarkItemReader.Read(spec).ToList()).Message);

        File.WriteAllText(_dir["bad.jsonl"], "{\"question\": \"a b c\"}\n{\"question\": \"broken\n");
        var bad = Assert.Throws<InvalidDataException>(() => BenchmarkItemReader.Read(spec with { Files = [_dir["bad.jsonl"]] }).ToList());
        Assert.Contains("bad.jsonl:2: invalid JSON", bad.Message);

        var wrongField = Assert.Throws<InvalidDataException>(() => BenchmarkItemReader.Read(spec with { Files = [Bench("gsm8k_test.jsonl")], Fields = ["problem"] }).ToList());
        Assert.Contains("field 'problem' is empty or missing in all 1319 records", wrongField.Message);

        var gz = File.ReadAllBytes(Bench("mmlu_test.jsonl.gz"));
        File.WriteAllBytes(_dir["cut.jsonl.gz"], gz[..(gz.Length / 2)]);
        var truncated = Assert.Throws<InvalidDataException>(() => BenchmarkItemReader.Read(spec with { Files = [_dir["cut.jsonl.gz"]] }).ToList());
        Assert.Contains("cut.jsonl.gz", truncated.Message);
    }

    public sealed class MmluRow
    {
        [JsonPropertyName("subject")]
        public string Subject { get; set; } = "";

        [JsonPropertyName("question")]
        public string Question { get; set; } = "";

        [JsonPropertyName("choices")]
        public List<string> Choices { get; set; } = [];

        [JsonPropertyName("answer")]
        public string Answer { get; set; } = "";
    }

    [Fact]
    public async Task Parquet_benchmark_with_a_list_column_gives_the_same_index_as_jsonl()
    {
        using var gz = new GZipStream(File.OpenRead(Bench("mmlu_test.jsonl.gz")), CompressionMode.Decompress);
        var lines = new StreamReader(gz).ReadToEnd().Split('\n').Where(l => l.Length > 0).Take(600).ToList();
        File.WriteAllLines(_dir["mmlu.jsonl"], lines);
        var rows = lines.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).Select(n => new MmluRow
        {
            Subject = (string)n["subject"]!,
            Question = (string)n["question"]!,
            Choices = n["choices"]!.AsArray().Select(c => (string)c!).ToList(),
            Answer = (string)n["answer"]!,
        }).ToList();
        await using (var file = File.Create(_dir["mmlu.parquet"]))
            await ParquetSerializer.SerializeAsync(rows, file);
        var spec = new BenchmarkSpec("mmlu", [_dir["mmlu.jsonl"]], ["question", "choices"], null, "choices");
        var fromJsonl = BenchmarkItemReader.Read(spec).ToList();
        var fromParquet = BenchmarkItemReader.Read(spec with { Files = [_dir["mmlu.parquet"]] }).ToList();
        Assert.Equal(600, fromParquet.Count);
        for (int i = 0; i < fromJsonl.Count; i++)
        {
            Assert.Equal(fromJsonl[i].Text, fromParquet[i].Text);
            Assert.Equal(fromJsonl[i].Variants, fromParquet[i].Variants);
        }
    }

    [Fact]
    public void Every_benchmark_config_has_its_files_or_says_where_to_get_them_and_indexes_questions_alone()
    {
        string[] notBundled = ["ceval.yaml", "race.yaml", "lambada.yaml", "storycloze.yaml"];
        foreach (var path in Directory.GetFiles(Path.Combine(RepoPaths.Root, "pipelines", "decontam"), "*.yaml").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (name == "example_run.yaml")
                continue;
            var config = DecontamTestData.Config(name);
            foreach (var spec in config.Benchmarks)
            {
                // Whole items plus the question alone (or, for WinoGrande, the filled sentence); LAMBADA is one passage.
                Assert.True(spec.Name == "lambada" || spec.StandaloneFields is { Count: > 0 } || spec.BlankField != null, $"{name}/{spec.Name}: no standalone field");
                if (notBundled.Contains(name))
                {
                    Assert.Contains("not bundled", File.ReadAllText(path));
                    continue;
                }
                Assert.NotEmpty(BenchmarkItemReader.Files(spec));
            }
        }
    }
}
