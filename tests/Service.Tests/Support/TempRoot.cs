using YuLanData.Testing;

namespace YuLanData.Service.Tests;

/// <summary>A fresh service root under the system temp folder with the bundled sample inputs copied into <c>in/</c>; deleted on dispose.</summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "yulandata-service-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(this["in"]);
        foreach (var f in Directory.GetFiles(System.IO.Path.Combine(RepoPaths.Root, "samples", "web")))
            File.Copy(f, this["in/" + System.IO.Path.GetFileName(f)]);
    }

    public string Path { get; }

    /// <summary>
    /// Makes the plain JSONL input <paramref name="copies"/> times longer (the same real documents with distinct ids),
    /// so a run lasts long enough to be stopped mid-way even on a fast, idle machine.
    /// </summary>
    public void LengthenInput(int copies = 10)
    {
        string input = this["in/datajuicer_redpajama_pile_samples.jsonl"];
        var lines = File.ReadAllLines(input);
        File.WriteAllLines(input, Enumerable.Range(0, copies).SelectMany(copy => lines.Select((line, i) =>
        {
            var record = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            record["id"] = $"copy{copy}-line{i}";
            return record.ToJsonString();
        })));
    }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>A pipeline over the sample's plain JSONL file (in <paramref name="inputDir"/>), split into many small tasks.</summary>
    public static string Pipeline(string output, string inputDir = "in", long splitBytes = 20_000, string name = "svc") => $"""
        name: {name}
        input:
          paths: ["{inputDir}/datajuicer_redpajama_pile_samples.jsonl"]
          split_bytes: {splitBytes}
        stages:
          - length_filter: {"{"}min_words: 50{"}"}
          - sampler: {"{"}rate: 0.8, seed: 3{"}"}
        output:
          path: "{output}"
          format: parquet
          row_group_docs: 100
          exclusions: true
        """;

    /// <summary>Every file under a run's output, excluded and quarantine folders with its bytes, keyed by relative path.</summary>
    public static SortedDictionary<string, byte[]> OutputBytes(string runRoot)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var sub in new[] { "output", "excluded", "quarantine" })
        {
            string dir = System.IO.Path.Combine(runRoot, sub);
            if (!Directory.Exists(dir))
                continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                result[System.IO.Path.GetRelativePath(runRoot, f)] = File.ReadAllBytes(f);
        }
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
