using System.Globalization;
using YamlDotNet.RepresentationModel;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// Parses a curriculum YAML file. Every mistake is reported with file, line and column:
/// <code>
/// name: demo
/// seed: 7
/// tokenizer: path/tokenizer.json
/// add_special_tokens: true        # default true
/// append_eos: true                # default true
/// text_field: text
/// output: {path: out/mix, shard_tokens: 10000000, megatron: false}
/// allow_reuse: false              # default for every phase
/// phases:
///   - name: stable-1
///     tokens: 200000
///     order: shuffle              # or {key: difficulty, direction: ascending|descending}
///     format: tokenized           # tokenized | packed | text
///     sequence_length: 4096       # packed rows
///     sources:
///       - {path: out/web/output, name: web/cc, share: 0.7}   # name: category/... in reports
///       - {path: "out/math/**/*.parquet", tokens: 60000}
/// </code>
/// </summary>
public static class CurriculumLoader
{
    public static CurriculumConfig Load(string path, string? outputOverride = null)
    {
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"{path}: curriculum file not found", path);
        return Parse(System.IO.File.ReadAllText(path), path, outputOverride);
    }

    public static CurriculumConfig Parse(string yaml, string file, string? outputOverride = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new PipelineConfigException(file, e.Start.Line, e.Start.Column, e.Message);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PipelineConfigException(file, 1, 1, "a curriculum must be a mapping with 'phases'");
        CheckKeys(root, ["name", "seed", "tokenizer", "add_special_tokens", "append_eos", "text_field", "output", "allow_reuse", "phases"], file, "the curriculum");
        string name = Str(root, "name", file) ?? Path.GetFileNameWithoutExtension(file);
        ulong seed = (ulong)Long(root, "seed", file, 0);
        string tokenizer = Str(root, "tokenizer", file) ?? throw Error(file, root, "missing 'tokenizer' (a Hugging Face tokenizer.json)");
        bool addSpecial = Bool(root, "add_special_tokens", file, true);
        bool appendEos = Bool(root, "append_eos", file, true);
        string textField = Str(root, "text_field", file) ?? "text";
        bool allowReuse = Bool(root, "allow_reuse", file, false);
        string? outPath = null;
        long shardTokens = 10_000_000;
        bool megatron = false;
        if (Child(root, "output") is { } outNode)
        {
            if (outNode is not YamlMappingNode om)
                throw Error(file, outNode, "'output' must be a mapping {path, shard_tokens, megatron}");
            CheckKeys(om, ["path", "shard_tokens", "megatron"], file, "output");
            outPath = Str(om, "path", file);
            shardTokens = Long(om, "shard_tokens", file, shardTokens);
            if (shardTokens <= 0)
                throw Error(file, Child(om, "shard_tokens")!, "shard_tokens must be positive");
            megatron = Bool(om, "megatron", file, false);
        }
        outPath = outputOverride ?? outPath ?? throw Error(file, root, "missing output.path (or pass --output)");
        if (Child(root, "phases") is not YamlSequenceNode phasesNode || phasesNode.Children.Count == 0)
            throw Error(file, root, "'phases' must be a non-empty list");
        var phases = new List<PhaseConfig>();
        foreach (var node in phasesNode.Children)
        {
            var phase = ParsePhase(node, phases.Count, file, allowReuse);
            if (phases.Any(p => p.Name == phase.Name))
                throw Error(file, node, $"phase name '{phase.Name}' is used twice");
            phases.Add(phase);
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in phases.SelectMany(p => p.Sources))
            if (names.TryGetValue(s.Path, out var n) && n != s.DisplayName)
                throw Error(file, phasesNode, $"source '{s.Path}' is named both '{n}' and '{s.DisplayName}'");
            else
                names[s.Path] = s.DisplayName;
        return new CurriculumConfig(file, name, seed, tokenizer, addSpecial, appendEos, textField, outPath, shardTokens, megatron, phases);
    }

    private static PhaseConfig ParsePhase(YamlNode node, int index, string file, bool defaultReuse)
    {
        if (node is not YamlMappingNode m)
            throw Error(file, node, $"phase {index + 1} must be a mapping");
        CheckKeys(m, ["name", "tokens", "order", "format", "sequence_length", "allow_reuse", "sources"], file, $"phase {index + 1}");
        string name = Str(m, "name", file) ?? $"phase-{index + 1:00}";
        long budget = Long(m, "tokens", file, -1);
        string? orderKey = null;
        bool descending = false;
        switch (Child(m, "order"))
        {
            case null:
                break;
            case YamlScalarNode s when s.Value == "shuffle":
                break;
            case YamlMappingNode om:
                CheckKeys(om, ["key", "direction"], file, $"phase '{name}' order");
                orderKey = Str(om, "key", file) ?? throw Error(file, om, "order needs a metadata 'key'");
                string dir = Str(om, "direction", file) ?? "ascending";
                descending = dir switch
                {
                    "ascending" => false,
                    "descending" => true,
                    _ => throw Error(file, Child(om, "direction")!, $"direction must be ascending or descending, not '{dir}'"),
                };
                break;
            case var other:
                throw Error(file, other, "order must be 'shuffle' or {key: K, direction: ascending|descending}");
        }
        string formatText = Str(m, "format", file) ?? "tokenized";
        ShardFormat format = formatText switch
        {
            "tokenized" => ShardFormat.Tokenized,
            "packed" => ShardFormat.Packed,
            "text" => ShardFormat.Text,
            _ => throw Error(file, Child(m, "format")!, $"format must be tokenized, packed or text, not '{formatText}'"),
        };
        int seqLen = (int)Long(m, "sequence_length", file, 4096);
        if (seqLen < 2)
            throw Error(file, Child(m, "sequence_length")!, "sequence_length must be at least 2");
        bool reuse = Bool(m, "allow_reuse", file, defaultReuse);
        if (Child(m, "sources") is not YamlSequenceNode sourcesNode || sourcesNode.Children.Count == 0)
            throw Error(file, m, $"phase '{name}' needs a non-empty 'sources' list");
        var raw = new List<(string Path, double? Share, long? Tokens, string? Name)>();
        foreach (var sn in sourcesNode.Children)
        {
            if (sn is not YamlMappingNode sm)
                throw Error(file, sn, "a source must be a mapping {path, share | tokens}");
            CheckKeys(sm, ["path", "name", "share", "tokens"], file, $"a source of phase '{name}'");
            string path = Str(sm, "path", file) ?? throw Error(file, sm, "a source needs a 'path'");
            double? share = Child(sm, "share") is { } shareNode ? Double(shareNode, file) : null;
            long? tokens = Child(sm, "tokens") is not null ? Long(sm, "tokens", file, 0) : null;
            if ((share == null) == (tokens == null))
                throw Error(file, sm, $"source '{path}' needs exactly one of 'share' or 'tokens'");
            if (share is <= 0 or > 1)
                throw Error(file, Child(sm, "share")!, "share must be in (0, 1]");
            if (tokens is <= 0)
                throw Error(file, Child(sm, "tokens")!, "tokens must be positive");
            if (raw.Any(r => r.Path == path))
                throw Error(file, sm, $"source '{path}' is listed twice in phase '{name}'");
            raw.Add((path, share, tokens, Str(sm, "name", file)));
        }
        long absolute = raw.Sum(r => r.Tokens ?? 0);
        double shares = raw.Sum(r => r.Share ?? 0);
        if (budget < 0)
        {
            if (shares > 0)
                throw Error(file, m, $"phase '{name}' uses shares, so it needs a 'tokens' budget");
            budget = absolute;
        }
        if (budget <= 0)
            throw Error(file, m, $"phase '{name}' has no token budget");
        if (absolute > budget)
            throw Error(file, m, $"phase '{name}': absolute targets ({absolute:N0}) exceed the budget ({budget:N0})");
        if (shares > 1 + 1e-9)
            throw Error(file, m, $"phase '{name}': shares add up to {shares.ToString("G6", CultureInfo.InvariantCulture)} > 1");
        long rest = budget - absolute;
        if (shares > 0 && Math.Abs(shares * budget - rest) > budget * 1e-6)
            throw Error(file, m, $"phase '{name}': shares ({shares.ToString("G6", CultureInfo.InvariantCulture)} × {budget:N0}) must fill the budget left by absolute targets ({rest:N0})");
        if (shares == 0 && absolute != budget)
            throw Error(file, m, $"phase '{name}': absolute targets add up to {absolute:N0}, not the budget {budget:N0}");
        var sources = raw.Select(r => new SourceTarget(r.Path, r.Share, r.Tokens ?? (long)Math.Round(r.Share!.Value * budget), r.Name)).ToList();
        return new PhaseConfig(name, budget, orderKey, descending, format, seqLen, reuse, sources);
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static void CheckKeys(YamlMappingNode map, string[] allowed, string file, string where)
    {
        foreach (var key in map.Children.Keys)
            if (key is not YamlScalarNode { Value: { } k } || !allowed.Contains(k))
                throw Error(file, key, $"unknown key '{(key as YamlScalarNode)?.Value}' in {where} (allowed: {string.Join(", ", allowed)})");
    }

    private static string? Str(YamlMappingNode map, string key, string file) => Child(map, key) switch
    {
        null => null,
        YamlScalarNode s => s.Value,
        var n => throw Error(file, n, $"'{key}' must be a value"),
    };

    private static long Long(YamlMappingNode map, string key, string file, long fallback)
    {
        var n = Child(map, key);
        if (n == null)
            return fallback;
        string? text = (n as YamlScalarNode)?.Value?.Replace("_", "");
        if (text != null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
            return v;
        if (text != null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e18)
            return (long)d;
        throw Error(file, n, $"'{key}' must be an integer");
    }

    private static double Double(YamlNode n, string file) =>
        n is YamlScalarNode { Value: { } t } && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            ? d
            : throw Error(file, n, "must be a number");

    private static bool Bool(YamlMappingNode map, string key, string file, bool fallback) => Child(map, key) switch
    {
        null => fallback,
        YamlScalarNode { Value: "true" or "True" or "yes" } => true,
        YamlScalarNode { Value: "false" or "False" or "no" } => false,
        var n => throw Error(file, n, $"'{key}' must be true or false"),
    };

    private static PipelineConfigException Error(string file, YamlNode node, string message) =>
        new(file, node.Start.Line, node.Start.Column, message);
}
