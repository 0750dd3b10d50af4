using System.Text.Json.Nodes;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>One real benchmark item as it shows up on the web: whole (question with its answer or choices) and
/// the question alone, the way pages quote problems without solutions.</summary>
/// <param name="Benchmark">The benchmark's name in pipelines/decontam/all.yaml.</param>
/// <param name="Id">The id the index knows the item by.</param>
/// <param name="Whole">The item with its answer, choices, code or correct ending.</param>
/// <param name="Alone">The question, problem, task text or context alone.</param>
public sealed record BenchmarkRendering(string Benchmark, string Id, string Whole, string Alone)
{
    /// <summary>The item as rendered for <paramref name="alone"/> (question alone) or whole.</summary>
    public RenderedItem As(bool alone) => new(Benchmark, Id, alone ? Alone : Whole);
}

/// <summary>Every item of every benchmark all.yaml indexes, rendered whole and alone.</summary>
public static class BenchmarkRenderings
{
    /// <summary>Benchmarks in all.yaml order.</summary>
    public static readonly string[] Benchmarks = ["gsm8k", "humaneval", "mmlu", "arc_challenge", "arc_easy", "math500", "mbpp", "cmmlu", "hellaswag", "winogrande"];

    private static readonly Lazy<List<BenchmarkRendering>> AllLazy = new(Load);

    /// <summary>All renderings (about 43,000).</summary>
    public static List<BenchmarkRendering> All => AllLazy.Value;

    private static string Labeled(JsonArray choices, Func<int, string> label) =>
        string.Join("\n", choices.Select((c, i) => $"{label(i)} {c}"));

    private static List<BenchmarkRendering> Load()
    {
        var items = new List<BenchmarkRendering>();
        int n = 0;
        foreach (var r in DecontamTestData.Records("gsm8k_test.jsonl"))
            items.Add(new("gsm8k", (++n).ToString(), $"Question: {r["question"]}\nAnswer: {r["answer"]}", (string)r["question"]!));
        foreach (var r in DecontamTestData.Records("humaneval.jsonl"))
            items.Add(new("humaneval", (string)r["task_id"]!, $"{r["prompt"]}{r["canonical_solution"]}\n{r["test"]}", (string)r["prompt"]!));
        n = 0;
        foreach (var r in DecontamTestData.Records("mmlu_test.jsonl.gz"))
            items.Add(new("mmlu", (++n).ToString(), $"{r["question"]}\n{Labeled(r["choices"]!.AsArray(), i => $"{(char)('A' + i)}.")}\nAnswer: {r["answer"]}", (string)r["question"]!));
        foreach (var (file, name) in new[] { ("arc_challenge_test.jsonl", "arc_challenge"), ("arc_easy_test.jsonl.gz", "arc_easy") })
            foreach (var r in DecontamTestData.Records(file))
            {
                var q = r["question"]!;
                var choices = q["choices"]!.AsArray().Select(c => $"({c!["label"]}) {c["text"]}");
                items.Add(new(name, (string)r["id"]!, $"{q["stem"]}\n{string.Join(" ", choices)}", (string)q["stem"]!));
            }
        n = 0;
        foreach (var r in DecontamTestData.Records("math500_test.jsonl.gz"))
            items.Add(new("math500", (++n).ToString(), $"Problem: {r["question"]}\n\nSolution: {r["answer"]}", (string)r["question"]!));
        foreach (var r in DecontamTestData.Records("mbpp_test.jsonl.gz"))
            items.Add(new("mbpp", r["task_id"]!.ToJsonString(),
                $"\"\"\"{r["text"]}\"\"\"\n{r["code"]}\n{string.Join("\n", r["test_list"]!.AsArray().Select(t => (string)t!))}", (string)r["text"]!));
        foreach (var r in DecontamTestData.Records("cmmlu_test.jsonl.gz"))
            items.Add(new("cmmlu", (string)r["id"]!, $"{r["question"]}\n{Labeled(r["choices"]!.AsArray(), i => $"{(char)('A' + i)}．")}\n答案：{r["answer"]}", (string)r["question"]!));
        foreach (var r in DecontamTestData.Records("hellaswag_val.jsonl.gz"))
        {
            string ctx = (string)r["ctx"]!;
            items.Add(new("hellaswag", r["id"]!.ToJsonString(), $"{ctx} {r["endings"]![(int)r["label"]!]}", ctx));
        }
        foreach (var r in DecontamTestData.Records("winogrande_dev.jsonl.gz"))
        {
            string sentence = (string)r["sentence"]!;
            string answer = (string)r[(string)r["answer"]! == "1" ? "option1" : "option2"]!;
            string filled = sentence.Replace("_", answer);
            items.Add(new("winogrande", (string)r["qID"]!, filled, filled));
        }
        return items;
    }
}
