using System.IO.Hashing;
using System.Text;
using Parquet;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Stages;

namespace YuLanData.Jobs.Pipelines;

/// <summary>
/// Reads a pipeline YAML file into a <see cref="PipelineConfig"/>, checking everything that can be checked before
/// work starts: known keys, stage names, parameter names and types, and that every input glob matches files.
/// </summary>
/// <remarks>
/// <code>
/// name: quickstart
/// input:
///   paths: [samples/web/*.jsonl.gz]   # globs, relative to the working directory
///   text_field: text                  # also: id_field, source_field, split_bytes, max_line_bytes
/// stages:
///   - length_filter: {min_chars: 200}
///   - sampler: {rate: 0.5}
/// output:
///   path: out/quickstart
///   format: parquet                   # jsonl, jsonl.gz, jsonl.zst, parquet
///   max_docs_per_shard: 0             # also: max_bytes_per_shard, row_group_docs, row_group_bytes, compression, partition_by, exclusions
/// </code>
/// </remarks>
public static class PipelineLoader
{
    private static readonly string[] TopKeys = ["name", "input", "stages", "output"];
    private static readonly string[] InputKeys = ["paths", "text_field", "id_field", "source_field", "split_bytes", "max_line_bytes"];
    private static readonly string[] OutputKeys = ["path", "format", "max_docs_per_shard", "max_bytes_per_shard", "row_group_docs", "row_group_bytes", "compression", "partition_by", "exclusions"];

    /// <summary>Loads and validates a pipeline file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="outputOverride">Replaces <c>output.path</c> (the CLI's <c>--output</c>).</param>
    /// <param name="paths">Checks every path the pipeline names before it is listed or opened (input globs' fixed
    /// folders, matched files, the output folder, stage options marked [PathParameter]); null allows every path.</param>
    public static PipelineConfig Load(string path, string? outputOverride = null, PathPolicy? paths = null)
    {
        if (!File.Exists(path))
            throw new PipelineConfigException(path, 0, 0, "pipeline file not found");
        return Parse(File.ReadAllText(path), path, outputOverride, paths);
    }

    /// <summary>Parses pipeline YAML text; <paramref name="file"/> names it in messages.</summary>
    /// <param name="yaml">The pipeline text.</param>
    /// <param name="file">Names the text in messages (file:line:column).</param>
    /// <param name="outputOverride">Replaces <c>output.path</c>.</param>
    /// <param name="paths">Checks every path the pipeline names before use; null allows every path.</param>
    public static PipelineConfig Parse(string yaml, string file, string? outputOverride = null, PathPolicy? paths = null)
    {
        YamlNesting.Check(yaml, file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PipelineConfigException(file, e.Start.Line, e.Start.Column, "not valid YAML: " + (e.InnerException?.Message ?? e.Message));
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PipelineConfigException(file, 1, 1, "a pipeline is a mapping with input, stages and output");
        CheckKeys(root, TopKeys, file, "pipeline");

        var inputNode = Required<YamlMappingNode>(root, "input", file);
        CheckKeys(inputNode, InputKeys, file, "input");
        var patternsNode = Required<YamlNode>(inputNode, "paths", file);
        var patterns = patternsNode switch
        {
            YamlScalarNode s => [(s.Value ?? "", (YamlNode)s)],
            YamlSequenceNode seq => seq.Children.Select(c => (c is YamlScalarNode cs ? cs.Value ?? "" : throw Error(file, c, "input paths must be strings"), c)).ToList(),
            _ => throw Error(file, patternsNode, "input.paths must be a glob or a list of globs"),
        };
        if (patterns.Count == 0)
            throw Error(file, patternsNode, "input.paths is empty");
        var outputNodeForInputs = root.Children.TryGetValue(new YamlScalarNode("output"), out var on) ? on as YamlMappingNode : null;
        string? ownOutput = outputOverride ?? (outputNodeForInputs is null ? null : Scalar(outputNodeForInputs, "path", file, null));
        var (files, skippedInputs) = ExpandInputs(patterns, ownOutput, file, paths);
        var reader = new ReaderOptions
        {
            TextField = Scalar(inputNode, "text_field", file, "text") ?? "text",
            IdField = Scalar(inputNode, "id_field", file, "id") ?? "id",
            SourceField = Scalar(inputNode, "source_field", file, "source"),
            MaxLineBytes = (int)Number(inputNode, "max_line_bytes", file, ReaderOptions.DefaultMaxLineBytes),
        };
        long splitBytes = Number(inputNode, "split_bytes", file, PipelineConfig.DefaultSplitBytes);

        var stages = new List<StageSpec>();
        if (root.Children.TryGetValue(new YamlScalarNode("stages"), out var stagesNode)
            && stagesNode is not YamlScalarNode { Value: null or "" or "null" or "~" })
        {
            if (stagesNode is not YamlSequenceNode stageList)
                throw Error(file, stagesNode, "stages must be a list");
            foreach (var item in stageList.Children)
                stages.Add(ParseStage(item, stages.Count, file, paths));
        }

        var outputNode = Required<YamlMappingNode>(root, "output", file);
        CheckKeys(outputNode, OutputKeys, file, "output");
        string formatName = Scalar(outputNode, "format", file, "jsonl.gz")!;
        var format = FileFormats.FromName(formatName) ?? throw Error(file, outputNode, $"output.format '{formatName}' is not one of jsonl, jsonl.gz, jsonl.zst, parquet");
        string compressionName = Scalar(outputNode, "compression", file, "snappy")!;
        var compression = compressionName.ToLowerInvariant() switch
        {
            "snappy" => CompressionMethod.Snappy,
            "zstd" => CompressionMethod.Zstd,
            "gzip" => CompressionMethod.Gzip,
            "none" => CompressionMethod.None,
            _ => throw Error(file, outputNode, $"output.compression '{compressionName}' is not one of snappy, zstd, gzip, none"),
        };
        string outputPath = outputOverride ?? Scalar(outputNode, "path", file, null) ?? throw Error(file, outputNode, "output.path is required");
        if (paths?.Invoke(outputPath) is { } refusedOutput)
        {
            var at = outputNode.Children.TryGetValue(new YamlScalarNode("path"), out var pathNode) && outputOverride == null ? pathNode : outputNode;
            throw Error(file, at, $"output.path: {refusedOutput}");
        }
        var output = new OutputOptions
        {
            Path = outputPath,
            Format = format,
            MaxDocsPerShard = Number(outputNode, "max_docs_per_shard", file, 0),
            MaxBytesPerShard = Number(outputNode, "max_bytes_per_shard", file, 0),
            RowGroupDocs = RowGroupDocs(outputNode, file),
            RowGroupBytes = Number(outputNode, "row_group_bytes", file, ParquetDocumentWriter.DefaultRowGroupBytes),
            ParquetCompression = compression,
            PartitionBy = Scalar(outputNode, "partition_by", file, null),
            WriteExclusions = Scalar(outputNode, "exclusions", file, "false") is "true" or "yes",
        };

        var hashInput = Encoding.UTF8.GetBytes(yaml + "\n" + string.Join("\n", files));
        return new PipelineConfig
        {
            Name = Scalar(root, "name", file, Path.GetFileNameWithoutExtension(file))!,
            SourceFile = file,
            InputPatterns = patterns.Select(p => p.Item1).ToArray(),
            InputFiles = files,
            SkippedInputs = skippedInputs,
            Reader = reader,
            SplitBytes = splitBytes,
            Stages = stages,
            Output = output,
            ConfigHash = Convert.ToHexStringLower(XxHash128.Hash(hashInput)),
        };
    }

    /// <summary>A stage entry: <c>- name</c>, or <c>- name: {params}</c>.</summary>
    private static StageSpec ParseStage(YamlNode item, int index, string file, PathPolicy? paths)
    {
        string name;
        YamlMappingNode? parameters = null;
        YamlNode nameNode = item;
        switch (item)
        {
            case YamlScalarNode s:
                name = s.Value ?? "";
                break;
            case YamlMappingNode m when m.Children.Count == 1:
                var (k, v) = m.Children.First();
                nameNode = k;
                name = ((YamlScalarNode)k).Value ?? "";
                parameters = v switch
                {
                    YamlMappingNode pm => pm,
                    YamlScalarNode { Value: null or "" or "null" or "~" } => null,
                    _ => throw Error(file, v, $"the parameters of stage '{name}' must be a mapping"),
                };
                break;
            default:
                throw Error(file, item, "a stage is written '- name' or '- name: {parameter: value}'");
        }
        var definition = StageRegistry.Find(name);
        if (definition == null)
        {
            string hint = StageRegistry.Closest(name) is { } c ? $" (did you mean '{c}'?)" : " (run './yulandata stages' for the list)";
            throw Error(file, nameNode, $"unknown stage '{name}'{hint}");
        }
        var options = definition.CreateDefaultOptions();
        if (options == null && parameters is { Children.Count: > 0 })
            throw Error(file, parameters, $"stage '{name}' takes no parameters");
        if (options != null)
            OptionsBinder.Bind(options, parameters, file, name, nameNode, paths);
        return new StageSpec(index, definition, options, nameNode.Start.Line);
    }

    private static void CheckKeys(YamlMappingNode map, string[] allowed, string file, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            string k = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(k))
                throw Error(file, key, $"unknown key '{k}' in {where} (allowed: {string.Join(", ", allowed)})");
        }
    }

    private static T Required<T>(YamlMappingNode map, string key, string file) where T : YamlNode
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            throw Error(file, map, $"missing '{key}'");
        return node as T ?? throw Error(file, node, $"'{key}' must be a {(typeof(T) == typeof(YamlMappingNode) ? "mapping" : "value")}");
    }

    private static string? Scalar(YamlMappingNode map, string key, string file, string? fallback)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return fallback;
        return node is YamlScalarNode s ? s.Value : throw Error(file, node, $"'{key}' must be a single value");
    }

    private static long Number(YamlMappingNode map, string key, string file, long fallback)
    {
        string? text = Scalar(map, key, file, null);
        if (text == null)
            return fallback;
        if (long.TryParse(text.Replace("_", ""), out long value) && value >= 0)
            return value;
        throw Error(file, map.Children[new YamlScalarNode(key)], $"'{key}' must be a non-negative integer, got '{text}'");
    }

    /// <summary>Expands the input globs into distinct files; what they match but is not read is returned beside them.
    /// A file inside this pipeline's own output folder is never an input (a rerun would read its own output).</summary>
    private static (List<string> Files, List<SkippedInput> Skipped) ExpandInputs(List<(string, YamlNode)> patterns, string? outputPath, string file, PathPolicy? paths)
    {
        var files = new List<string>();
        var skipped = new List<SkippedInput>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? outputRoot = outputPath is null ? null : Path.GetFullPath(outputPath).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var (pattern, node) in patterns)
        {
            // The folder a glob lists is checked before it is listed, so a refusal says nothing about what lies there.
            if (paths?.Invoke(Glob.FixedPrefix(pattern)) is { } refusedGlob)
                throw Error(file, node, $"input '{pattern}': {refusedGlob}");
            var match = Glob.Match(pattern, followLinkedFolders: paths == null);
            var matched = new List<string>();
            var notRead = new List<SkippedInput>(match.Skipped);
            foreach (var m in match.Files)
            {
                if (outputRoot != null && Path.GetFullPath(m).StartsWith(outputRoot, StringComparison.Ordinal))
                    notRead.Add(new SkippedInput(m, "output_folder", $"{m} is inside this pipeline's output folder {outputPath}"));
                else
                    matched.Add(m);
            }
            skipped.AddRange(notRead);
            if (matched.Count == 0)
            {
                string why = notRead.Count == 0 ? "" : $"; not read: {string.Join("; ", notRead.Take(3).Select(s => s.Detail))}";
                throw Error(file, node, $"input '{pattern}' matches no files (working directory: {Environment.CurrentDirectory}){why}");
            }
            foreach (var m in matched)
            {
                if (paths?.Invoke(m) is { } refusedFile)
                    throw Error(file, node, $"input '{pattern}' matches {refusedFile}");
                if (FileFormats.FromPath(m) == null)
                    throw Error(file, node, $"input '{m}' has an unsupported type (supported: {FileFormats.SupportedList})");
                if (seen.Add(Path.GetFullPath(m)))
                    files.Add(m);
            }
        }
        return (files, skipped.DistinctBy(s => s.Path).ToList());
    }

    private static int RowGroupDocs(YamlMappingNode output, string file)
    {
        long docs = Number(output, "row_group_docs", file, ParquetDocumentWriter.DefaultRowGroupDocs);
        if (docs is < 1 or > int.MaxValue)
            throw Error(file, output.Children[new YamlScalarNode("row_group_docs")], $"'row_group_docs' must be between 1 and {int.MaxValue}, got {docs}");
        return (int)docs;
    }

    private static PipelineConfigException Error(string file, YamlNode node, string message) =>
        new(file, node.Start.Line, node.Start.Column, message);
}
