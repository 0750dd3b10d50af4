using System.IO.Compression;
using System.Text.Json.Nodes;
using YuLanData.Testing;

namespace YuLanData.Synthesis.Tests;

/// <summary>Real seed data from the shared folder, and the test fixtures of this project.</summary>
internal static class SharedFiles
{
    public static string PromptsDir => Path.Combine(RepoPaths.Root, "pipelines", "prompts");
    public static string TinyModel => RepoPaths.SharedFixture("tiny-llama");
    public static string TinyTokenizer => Path.Combine(RepoPaths.Root, "tests", "Synthesis.Tests", "Fixtures", "tiny-tokenizer.json");
    public static string Gsm8kSolutionsPath => RepoPaths.SharedData("math", "gsm8k_train_solutions.jsonl.gz");
    public static string HumanEvalPath => RepoPaths.SharedData("benchmarks", "humaneval.jsonl");

    private static readonly Lazy<IReadOnlyList<SeedDocument>> Gsm8kSeeds = new(() => ReadJsonl(Gsm8kSolutionsPath, gz: true));
    private static readonly Lazy<IReadOnlyList<SeedDocument>> HumanEvalSeeds = new(() => ReadJsonl(HumanEvalPath, gz: false, idField: "task_id", textField: "prompt"));

    /// <summary>All 7,473 GSM8K train items (question, answer with '####').</summary>
    public static IReadOnlyList<SeedDocument> Gsm8k => Gsm8kSeeds.Value;

    /// <summary>All 164 HumanEval problems (prompt, canonical_solution, test, entry_point).</summary>
    public static IReadOnlyList<SeedDocument> HumanEval => HumanEvalSeeds.Value;

    /// <summary>The first <paramref name="count"/> GSM8K items as seed JSONL lines: their fields with <c>id</c> and
    /// <c>text</c>.</summary>
    public static IEnumerable<string> Gsm8kSeedLines(int count) => Gsm8k.Take(count).Select(s =>
    {
        var o = (JsonObject)s.Metadata.DeepClone();
        o["id"] = s.Id;
        o["text"] = s.Text;
        return o.ToJsonString();
    });

    /// <summary>Writes the first <paramref name="count"/> GSM8K items as a seed JSONL file at <paramref name="path"/>.</summary>
    public static void WriteGsm8kSeeds(string path, int count) => File.WriteAllLines(path, Gsm8kSeedLines(count));

    /// <summary>The longest <c>text</c> of a gzipped JSONL file's records.</summary>
    public static string LongestRecordText(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var longest = "";
        while (reader.ReadLine() is { } line)
            if (JsonNode.Parse(line)!["text"]!.GetValue<string>() is { } t && t.Length > longest.Length) longest = t;
        return longest;
    }

    private static IReadOnlyList<SeedDocument> ReadJsonl(string path, bool gz, string idField = "id", string textField = "text")
    {
        using var file = File.OpenRead(path);
        using Stream stream = gz ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var seeds = new List<SeedDocument>();
        while (reader.ReadLine() is { } line)
        {
            var o = JsonNode.Parse(line)!.AsObject();
            var id = o[idField]!.GetValue<string>();
            var text = o[textField]!.GetValue<string>();
            o.Remove("id");
            o.Remove("text");
            seeds.Add(new SeedDocument(id, text, Path.GetFileName(path), o));
        }
        return seeds;
    }
}
