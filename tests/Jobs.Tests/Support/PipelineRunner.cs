using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Tests;

/// <summary>Writes a pipeline YAML into a temp folder and runs it in-process.</summary>
public static class PipelineRunner
{
    public static string Yaml(IEnumerable<string> inputs, string output, string stages = "", string format = "jsonl", string extraOutput = "", string extraInput = "") =>
        $"""
        name: test
        input:
          paths: [{string.Join(", ", inputs.Select(i => "\"" + i + "\""))}]
        {Indent(extraInput)}
        stages:
        {Indent(stages)}
        output:
          path: "{output}"
          format: {format}
        {Indent(extraOutput)}
        """;

    private static string Indent(string block) =>
        string.Join("\n", block.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));

    public static (TaskStats Stats, RunFolder Folder) Run(string yaml, string yamlPath, int workers = 2)
    {
        File.WriteAllText(yamlPath, yaml);
        var config = PipelineLoader.Load(yamlPath);
        var executor = new LocalExecutor(config, workers);
        var (plan, progress) = executor.Prepare();
        return (executor.Run(plan, progress), executor.Folder);
    }

    /// <summary>Every file under a run's output folders with its bytes, keyed by relative path.</summary>
    public static SortedDictionary<string, byte[]> OutputBytes(string runRoot)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var sub in new[] { "output", "excluded", "quarantine" })
        {
            string dir = Path.Combine(runRoot, sub);
            if (!Directory.Exists(dir))
                continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                result[Path.GetRelativePath(runRoot, f)] = File.ReadAllBytes(f);
        }
        return result;
    }
}
