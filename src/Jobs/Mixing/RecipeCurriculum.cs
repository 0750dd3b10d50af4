using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// Turns released YuLan-Mini recipe JSON files (keys as they are: <c>Total Tokens(B)</c>, <c>Number of Selected
/// Tokens(B)</c>, ...) into a curriculum that <c>mix run</c> can run on local data, through a source mapping file:
/// <code>
/// tokenizer: ../shared/fixtures/tokenizers/bytelevel-bpe/tokenizer.json
/// output: out/mix-yulan          # optional; --output overrides
/// tokens: 200000                 # per phase: the scaled-down budget
/// format: tokenized              # tokenized | packed | text
/// sequence_length: 4096
/// allow_reuse: true
/// sources:                       # a recipe source name, or its category (before the first '/'), -> a local folder or glob
///   chinese-fineweb-edu_use: ../shared/data/web/nltk_webtext.jsonl.gz
///   math_gen_qwen: out/synthesis/seeded-problems
/// </code>
/// Each phase keeps the recipe's selected-token proportions among the sources that map somewhere (several recipe
/// sources mapping to one folder add up); unmapped sources are left out and listed. One phase per recipe file, in
/// the order given.
/// </summary>
public static class RecipeCurriculum
{
    /// <summary>Builds the curriculum.</summary>
    /// <param name="recipes">Recipe JSON files, in phase order.</param>
    /// <param name="mappingFile">The source mapping YAML.</param>
    /// <param name="outputOverride">Output folder overriding the mapping's.</param>
    /// <param name="log">Receives the sources left out.</param>
    /// <exception cref="PipelineConfigException">The mapping is malformed, or a phase maps no source (file, line, column).</exception>
    public static CurriculumConfig Load(IReadOnlyList<string> recipes, string mappingFile, string? outputOverride, TextWriter log)
    {
        if (!File.Exists(mappingFile)) throw new FileNotFoundException($"{mappingFile}: source mapping not found", mappingFile);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(mappingFile)));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new PipelineConfigException(mappingFile, e.Start.Line, e.Start.Column, e.Message);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PipelineConfigException(mappingFile, 1, 1, "a source mapping must be a mapping with 'tokenizer', 'tokens' and 'sources'");
        string[] allowed = ["tokenizer", "output", "tokens", "format", "sequence_length", "allow_reuse", "seed", "sources"];
        foreach (var (k, _) in root.Children)
            if (k is YamlScalarNode ks && !allowed.Contains(ks.Value))
                throw new PipelineConfigException(mappingFile, (int)k.Start.Line, (int)k.Start.Column, $"unknown key '{ks.Value}' (allowed: {string.Join(", ", allowed)})");
        string Scalar(string key, string? fallback)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(key), out var n)) return fallback ?? throw new PipelineConfigException(mappingFile, 1, 1, $"missing '{key}'");
            return n is YamlScalarNode s && s.Value is { } v ? v : throw new PipelineConfigException(mappingFile, (int)n.Start.Line, (int)n.Start.Column, $"'{key}' must be a scalar");
        }
        if (!root.Children.TryGetValue(new YamlScalarNode("sources"), out var sourcesNode) || sourcesNode is not YamlMappingNode sources || sources.Children.Count == 0)
            throw new PipelineConfigException(mappingFile, 1, 1, "'sources' must be a non-empty mapping of recipe source names (or categories) to local folders or globs");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in sources.Children)
            map[((YamlScalarNode)k).Value!] = (v as YamlScalarNode)?.Value
                ?? throw new PipelineConfigException(mappingFile, (int)v.Start.Line, (int)v.Start.Column, "a source must map to a folder or glob");
        // Paths in the mapping are relative to the mapping file, like the curriculum's own.
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(mappingFile))!;
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(baseDir, p));

        var yaml = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        yaml.AppendLine(inv, $"name: {Quote(string.Join("+", recipes.Select(Path.GetFileNameWithoutExtension)))}");
        yaml.AppendLine(inv, $"seed: {Scalar("seed", "0")}");
        yaml.AppendLine(inv, $"tokenizer: {Quote(Resolve(Scalar("tokenizer", null)))}");
        if (outputOverride is null) yaml.AppendLine(inv, $"output: {{path: {Quote(Scalar("output", null))}}}");
        yaml.AppendLine(inv, $"allow_reuse: {Scalar("allow_reuse", "true")}");
        yaml.AppendLine("phases:");
        foreach (var file in recipes)
        {
            var recipe = YulanRecipeJson.Load(file);
            var shares = new Dictionary<string, (string Name, double Tokens)>(StringComparer.Ordinal);
            var order = new List<string>();
            var missing = new List<string>();
            foreach (var (source, tokens) in recipe.Selected)
            {
                var key = map.ContainsKey(source) ? source : map.ContainsKey(YulanRecipe.CategoryOf(source)) ? YulanRecipe.CategoryOf(source) : null;
                if (key is null || tokens <= 0)
                {
                    if (key is null) missing.Add(source);
                    continue;
                }
                var path = Resolve(map[key]);
                if (!shares.TryGetValue(path, out var s)) order.Add(path);
                shares[path] = (s.Name ?? key, s.Tokens + tokens);
            }
            if (order.Count == 0)
                throw new PipelineConfigException(mappingFile, 1, 1, $"no source of recipe {file} maps to a local folder (its sources: {string.Join(", ", recipe.Selected.Take(8).Select(kv => kv.Key))}, ...)");
            if (missing.Count > 0)
                log.WriteLine($"mix: {Path.GetFileName(file)}: {missing.Count} of {recipe.Selected.Count} recipe sources have no local folder and are left out " +
                              $"({missing.Sum(m => recipe.Selected.First(kv => kv.Key == m).Value).ToString("F3", inv)} of {recipe.SelectedSumB.ToString("F3", inv)} B tokens): {string.Join(", ", missing.Take(6))}{(missing.Count > 6 ? ", ..." : "")}");
            var total = shares.Values.Sum(v => v.Tokens);
            yaml.AppendLine(inv, $"  - name: {Quote(Path.GetFileNameWithoutExtension(file))}");
            yaml.AppendLine(inv, $"    tokens: {Scalar("tokens", null)}");
            yaml.AppendLine(inv, $"    format: {Scalar("format", "tokenized")}");
            yaml.AppendLine(inv, $"    sequence_length: {Scalar("sequence_length", "4096")}");
            yaml.AppendLine("    sources:");
            // Shares are rounded down to 1e-9 so that they never sum above 1.
            foreach (var path in order)
                yaml.AppendLine(inv, $"      - {{path: {Quote(path)}, name: {Quote(shares[path].Name)}, share: {(Math.Floor(shares[path].Tokens / total * 1e9) / 1e9).ToString("R", inv)}}}");
        }
        return CurriculumLoader.Parse(yaml.ToString(), mappingFile, outputOverride);
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
