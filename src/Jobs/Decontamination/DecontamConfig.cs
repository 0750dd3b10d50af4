using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YuLanData.Filters.Decontamination;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Decontamination;

/// <summary>
/// A decontamination config: n-gram parameters and the benchmarks to index. YAML:
/// <code>
/// n: 13                      # units per n-gram
/// unit: words                # words | chars (chars: for code, survives any whitespace/indent change)
/// max_items_per_ngram: 10    # n-grams in more items are common phrases, left out
/// min_short_item_units: 8    # items shorter than n but at least this long are matched whole (chars: default 40)
/// benchmarks:
///   - name: gsm8k
///     files: [../shared/data/benchmarks/gsm8k_test.jsonl]   # globs, relative to the working directory
///     fields: [question, answer]                            # dotted paths; arrays are mapped over
///     id_field: id                                          # optional; default: record number
///     labeled_field: choices                                # optional; also index the choices labelled A, B, ...
///     standalone_fields: [question]                         # optional; also index these fields alone
///     blank_field: sentence                                 # optional (WinoGrande): also index the sentence with
///     blank_options: [option1, option2]                     #   its _ filled by each option
/// </code>
/// </summary>
public sealed record DecontamConfig(NgramIndexParameters Parameters, IReadOnlyList<BenchmarkSpec> Benchmarks)
{
    private static readonly string[] TopKeys = ["n", "unit", "max_items_per_ngram", "min_short_item_units", "benchmarks"];
    private static readonly string[] BenchmarkKeys = ["name", "files", "fields", "id_field", "labeled_field", "standalone_fields", "blank_field", "blank_options"];

    /// <summary>Loads a config file; every error names the file, line and column.</summary>
    public static DecontamConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"decontamination config {path} not found", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config text; <paramref name="file"/> names it in errors.</summary>
    public static DecontamConfig Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PipelineConfigException(file, e.Start.Line, e.Start.Column, "invalid YAML: " + e.Message);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PipelineConfigException(file, 1, 1, "expected a mapping with 'benchmarks'");
        CheckKeys(root, TopKeys, file);
        var defaults = new NgramIndexParameters();
        var unitText = Scalar(root, "unit", file) ?? "words";
        NgramUnit unit = unitText switch
        {
            "words" => NgramUnit.Words,
            "chars" => NgramUnit.Chars,
            _ => throw Error(file, Value(root, "unit")!, $"unit must be 'words' or 'chars', not '{unitText}'"),
        };
        var parameters = new NgramIndexParameters(
            Int(root, "n", defaults.N, file),
            unit,
            Int(root, "max_items_per_ngram", defaults.MaxItemsPerNgram, file),
            Int(root, "min_short_item_units", DefaultMinShortItemUnits(unit, Int(root, "n", defaults.N, file)), file));
        try
        {
            parameters.Validate();
        }
        catch (ArgumentException e)
        {
            throw new PipelineConfigException(file, root.Start.Line, root.Start.Column, e.Message);
        }
        if (Value(root, "benchmarks") is not YamlSequenceNode list || list.Children.Count == 0)
            throw new PipelineConfigException(file, root.Start.Line, root.Start.Column, "'benchmarks' must be a non-empty list");
        var benchmarks = new List<BenchmarkSpec>();
        foreach (var node in list.Children)
        {
            if (node is not YamlMappingNode map)
                throw Error(file, node, "each benchmark is a mapping with name, files and fields");
            CheckKeys(map, BenchmarkKeys, file);
            string name = Scalar(map, "name", file) ?? throw Error(file, map, "benchmark without 'name'");
            if (benchmarks.Any(b => b.Name == name))
                throw Error(file, map, $"benchmark '{name}' is listed twice");
            var files = Strings(map, "files", file);
            var fields = Strings(map, "fields", file);
            if (files.Count == 0)
                throw Error(file, map, $"benchmark '{name}': 'files' must list at least one file or glob");
            if (fields.Count == 0)
                throw Error(file, map, $"benchmark '{name}': 'fields' must list at least one field");
            string? labeled = Scalar(map, "labeled_field", file);
            if (labeled != null && !fields.Contains(labeled))
                throw Error(file, Value(map, "labeled_field")!, $"benchmark '{name}': labeled_field '{labeled}' is not one of its fields");
            var standalone = Strings(map, "standalone_fields", file);
            foreach (var field in standalone)
                if (!fields.Contains(field))
                    throw Error(file, Value(map, "standalone_fields")!, $"benchmark '{name}': standalone field '{field}' is not one of its fields");
            string? blankField = Scalar(map, "blank_field", file);
            var blankOptions = Strings(map, "blank_options", file);
            if ((blankField == null) != (blankOptions.Count == 0))
                throw Error(file, map, $"benchmark '{name}': 'blank_field' and 'blank_options' go together");
            benchmarks.Add(new BenchmarkSpec(name, files, fields, Scalar(map, "id_field", file), labeled, standalone, blankField, blankOptions));
        }
        return new DecontamConfig(parameters, benchmarks);
    }

    /// <summary>8 words, or 40 characters in character mode (8 characters would match far too much), capped at n.</summary>
    private static int DefaultMinShortItemUnits(NgramUnit unit, int n) => Math.Max(1, Math.Min(unit == NgramUnit.Chars ? 40 : 8, n));

    private static void CheckKeys(YamlMappingNode map, string[] known, string file)
    {
        foreach (var key in map.Children.Keys)
        {
            string k = ((YamlScalarNode)key).Value ?? "";
            if (!known.Contains(k))
                throw Error(file, key, $"unknown key '{k}' (known: {string.Join(", ", known)})");
        }
    }

    private static YamlNode? Value(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key, string file) => Value(map, key) switch
    {
        null => null,
        YamlScalarNode { Value: null or "" or "null" or "~" } => null,
        YamlScalarNode s => s.Value,
        var other => throw Error(file, other, $"'{key}' must be a single value"),
    };

    private static int Int(YamlMappingNode map, string key, int fallback, string file)
    {
        string? text = Scalar(map, key, file);
        if (text == null)
            return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Error(file, Value(map, key)!, $"'{key}' must be an integer, not '{text}'");
    }

    private static List<string> Strings(YamlMappingNode map, string key, string file) => Value(map, key) switch
    {
        null => [],
        YamlScalarNode s when !string.IsNullOrEmpty(s.Value) => [s.Value],
        YamlSequenceNode seq => seq.Children.Select(c => c is YamlScalarNode { Value: { Length: > 0 } v } ? v
            : throw Error(file, c, $"'{key}' entries must be non-empty strings")).ToList(),
        var other => throw Error(file, other, $"'{key}' must be a string or a list of strings"),
    };

    private static PipelineConfigException Error(string file, YamlNode node, string problem) =>
        new(file, node.Start.Line, node.Start.Column, problem);
}
