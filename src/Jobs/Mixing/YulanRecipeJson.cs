using System.Text.Json;

namespace YuLanData.Jobs.Mixing;

/// <summary>Reads and writes YuLan-Mini mix-recipe JSON files; writing reproduces their <c>json.dumps(indent=4)</c> bytes.</summary>
public static class YulanRecipeJson
{
    private const string TotalKey = "Total Tokens(B)";
    private const string DirectoryKey = "Total Huggingface Datasets Directory";
    private const string SelectedKey = "Number of Selected Tokens(B)";
    private const string ManualKey = "Manual Selected Tokens(B)";
    private const string FilesKey = "Token ID Files Information";

    public static YulanRecipe Load(string path)
    {
        try
        {
            return Parse(File.ReadAllBytes(path), path);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
    }

    /// <param name="utf8">The file's bytes.</param>
    /// <param name="name">The file name for error messages.</param>
    public static YulanRecipe Parse(ReadOnlySpan<byte> utf8, string name)
    {
        using var doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{name}: a recipe must be a JSON object");
        Unique(root, name, "the top level");
        foreach (var p in root.EnumerateObject())
            if (p.Name is not (TotalKey or DirectoryKey or SelectedKey or ManualKey or FilesKey))
                throw new FormatException($"{name}: unknown key \"{p.Name}\"");
        double total = Number(Required(root, TotalKey, name), name, TotalKey);
        string dir = Required(root, DirectoryKey, name).GetString() ?? throw new FormatException($"{name}: \"{DirectoryKey}\" must be a string");
        var selectedEl = Object(Required(root, SelectedKey, name), name, SelectedKey);
        var selected = selectedEl.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Number(p.Value, name, $"{SelectedKey}.{p.Name}"))).ToList();
        var manualEl = Object(Required(root, ManualKey, name), name, ManualKey);
        var manual = manualEl.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Manual(p.Value, name, $"{ManualKey}.{p.Name}"))).ToList();
        var filesEl = Object(Required(root, FilesKey, name), name, FilesKey);
        var files = new List<KeyValuePair<string, IReadOnlyList<RecipeFileGroup>>>();
        foreach (var p in filesEl.EnumerateObject())
        {
            string where = $"{FilesKey}.{p.Name}";
            if (p.Value.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{name}: {where} must be a list of groups");
            var groups = new List<RecipeFileGroup>();
            int i = 0;
            foreach (var g in p.Value.EnumerateArray())
            {
                string gw = $"{where}[{i++}]";
                Object(g, name, gw);
                Unique(g, name, gw);
                var paths = Required(g, "token id file paths", name, gw);
                if (paths.ValueKind != JsonValueKind.Array || paths.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                    throw new FormatException($"{name}: {gw}.\"token id file paths\" must be a list of strings");
                string? isSft = g.TryGetProperty("is_sft", out var s) ? s.GetString() : null;
                groups.Add(new RecipeFileGroup(
                    Required(g, "group index", name, gw).GetInt64(),
                    Required(g, "huggingface datasets directory", name, gw).GetString()!,
                    Number(Required(g, "token num(B)", name, gw), name, gw + ".token num(B)"),
                    isSft,
                    paths.EnumerateArray().Select(x => x.GetString()!).ToList()));
            }
            files.Add(KeyValuePair.Create(p.Name, (IReadOnlyList<RecipeFileGroup>)groups));
        }
        return new YulanRecipe(total, dir, selected, manual, files);
    }

    /// <summary>The recipe as Python's <c>json.dumps(recipe, indent=4)</c> would write it.</summary>
    public static string Format(YulanRecipe recipe)
    {
        var w = new PythonStyleJson();
        w.StartObject();
        w.Key(TotalKey);
        w.Number(recipe.TotalTokensB);
        w.Key(DirectoryKey);
        w.String(recipe.DatasetsDirectory);
        w.Key(SelectedKey);
        w.StartObject();
        foreach (var (k, v) in recipe.Selected)
        {
            w.Key(k);
            w.Number(v);
        }
        w.EndObject();
        w.Key(ManualKey);
        w.StartObject();
        foreach (var (k, v) in recipe.Manual)
        {
            w.Key(k);
            if (v.IsSft == null)
                w.Number(v.TokensB);
            else
            {
                w.StartArray();
                w.Number(v.TokensB);
                w.String(v.IsSft);
                w.EndArray();
            }
        }
        w.EndObject();
        w.Key(FilesKey);
        w.StartObject();
        foreach (var (k, groups) in recipe.Files)
        {
            w.Key(k);
            w.StartArray();
            foreach (var g in groups)
            {
                w.StartObject();
                w.Key("group index");
                w.Integer(g.GroupIndex);
                w.Key("huggingface datasets directory");
                w.String(g.Directory);
                w.Key("token num(B)");
                w.Number(g.TokensB);
                w.Key("token id file paths");
                w.StartArray();
                foreach (var path in g.Paths)
                    w.String(path);
                w.EndArray();
                if (g.IsSft != null)
                {
                    w.Key("is_sft");
                    w.String(g.IsSft);
                }
                w.EndObject();
            }
            w.EndArray();
        }
        w.EndObject();
        w.EndObject();
        return w.ToString();
    }

    private static JsonElement Required(JsonElement obj, string key, string name, string? where = null) =>
        obj.TryGetProperty(key, out var v) ? v : throw new FormatException($"{name}: missing \"{key}\"" + (where == null ? "" : $" in {where}"));

    private static JsonElement Object(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object ? e : throw new FormatException($"{name}: {where} must be an object");

    private static double Number(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw new FormatException($"{name}: {where} must be a number, got {e.ValueKind}");

    private static ManualTarget Manual(JsonElement e, string name, string where)
    {
        if (e.ValueKind == JsonValueKind.Number)
            return new ManualTarget(e.GetDouble(), null);
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2 && e[0].ValueKind == JsonValueKind.Number && e[1].ValueKind == JsonValueKind.String)
            return new ManualTarget(e[0].GetDouble(), e[1].GetString());
        throw new FormatException($"{name}: {where} must be a number or [tokens, is_sft]");
    }

    /// <summary>JSON allows repeated keys but they would silently shadow each other; a recipe with one is refused.</summary>
    private static void Unique(JsonElement obj, string name, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
            if (!seen.Add(p.Name))
                throw new FormatException($"{name}: key \"{p.Name}\" appears twice in {where}");
        foreach (var p in obj.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Object && where == "the top level")
                Unique(p.Value, name, $"\"{p.Name}\"");
    }
}
