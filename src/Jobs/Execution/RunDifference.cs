using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Says what differs between the run a folder holds and the pipeline about to run in it: the first differing
/// pipeline keys (from the <c>pipeline.yaml</c> copy the folder keeps) with their old and new values, and the input
/// files added, removed or changed (from its <c>plan.json</c>).
/// </summary>
public static class RunDifference
{
    private const int MaxItems = 3;

    /// <summary>A sentence naming the first differences, or a fallback when the folder kept too little to tell.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="config">The pipeline about to run.</param>
    /// <param name="yaml">Its YAML text, or null when it did not come from a file.</param>
    /// <param name="planJson">Its task plan, as <c>plan.json</c> would hold it.</param>
    public static string Describe(RunFolder folder, PipelineConfig config, string? yaml, string planJson)
    {
        var parts = new List<string>();
        if (yaml != null && File.Exists(folder.PipelineCopy))
            parts.AddRange(KeyDifferences(File.ReadAllText(folder.PipelineCopy), yaml));
        if (File.Exists(folder.PlanFile))
            parts.AddRange(InputDifferences(File.ReadAllText(folder.PlanFile), planJson));
        return parts.Count == 0
            ? "the folder keeps no pipeline.yaml or plan.json to compare with"
            : string.Join("; ", parts.Take(MaxItems)) + (parts.Count > MaxItems ? $"; and {parts.Count - MaxItems} more" : "");
    }

    /// <summary>Pipeline keys whose values differ, as <c>key: old -> new</c>, in the new file's order.</summary>
    public static IEnumerable<string> KeyDifferences(string oldYaml, string newYaml)
    {
        var before = Flatten(oldYaml);
        var after = Flatten(newYaml);
        foreach (var (key, value) in after)
        {
            if (!before.TryGetValue(key, out var old))
                yield return $"key {key} added ({Quote(value)})";
            else if (old != value)
                yield return $"key {key}: {Quote(old)} -> {Quote(value)}";
        }
        foreach (var key in before.Keys.Where(k => !after.ContainsKey(k)))
            yield return $"key {key} removed (was {Quote(before[key])})";
    }

    /// <summary>Input files added, removed or split differently (their size or content changed).</summary>
    public static IEnumerable<string> InputDifferences(string oldPlan, string newPlan)
    {
        var before = Slices(oldPlan);
        var after = Slices(newPlan);
        foreach (var (path, slices) in after)
        {
            if (!before.TryGetValue(path, out var old))
                yield return $"input {path} is new";
            else if (old != slices)
                yield return $"input {path} changed since the run began (its tasks differ: {old} -> {slices})";
        }
        foreach (var path in before.Keys.Where(p => !after.ContainsKey(p)))
            yield return $"input {path} is no longer matched";
    }

    private static string Quote(string value) => value.Length > 60 ? $"'{value[..57]}...'" : $"'{value}'";

    /// <summary>Input path to a description of its tasks, in plan order.</summary>
    private static Dictionary<string, string> Slices(string planJson)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(planJson) is not JsonArray plan)
            return result;
        foreach (var slice in plan.OfType<JsonObject>())
        {
            string path = slice["path"]?.ToString() ?? "";
            var copy = (JsonObject)slice.DeepClone();
            copy.Remove("path");
            result[path] = result.TryGetValue(path, out var known) ? known + ", " + copy.ToJsonString() : copy.ToJsonString();
        }
        return result;
    }

    /// <summary>Every scalar of a YAML document by its path (<c>output.format</c>, <c>stages[1].sampler.rate</c>).</summary>
    private static Dictionary<string, string> Flatten(string yaml)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            result["(file)"] = yaml;
            return result;
        }
        if (stream.Documents.Count > 0)
            Walk(stream.Documents[0].RootNode, "", result);
        return result;
    }

    private static void Walk(YamlNode node, string path, Dictionary<string, string> into)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                    Walk(v, path.Length == 0 ? ((YamlScalarNode)k).Value ?? "" : path + "." + ((YamlScalarNode)k).Value, into);
                break;
            case YamlSequenceNode seq:
                for (int i = 0; i < seq.Children.Count; i++)
                    Walk(seq.Children[i], $"{path}[{i}]", into);
                break;
            case YamlScalarNode scalar:
                into[path] = scalar.Value ?? "";
                break;
        }
    }
}
