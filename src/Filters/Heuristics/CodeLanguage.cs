namespace YuLanData.Filters.Heuristics;

/// <summary>What the code filter knows about one language: its comment syntax and whether its files are data.</summary>
/// <param name="Name">Lowercase language name (<c>python</c>, <c>javascript</c>, …).</param>
/// <param name="LineComments">Markers that start a comment running to the end of the line.</param>
/// <param name="BlockComments">Open/close marker pairs of block comments.</param>
/// <param name="Docstrings">Python-style: a triple-quoted string that starts a statement counts as a comment.</param>
/// <param name="IsData">Data/config formats (JSON, YAML, CSV, lock files…), not program text.</param>
/// <param name="IsProse">Documentation formats (Markdown, reStructuredText, plain text): no comment or lines-of-code rules.</param>
public sealed record CodeLanguage(string Name, string[] LineComments, (string Open, string Close)[] BlockComments, bool Docstrings, bool IsData, bool IsProse)
{
    private static readonly (string, string)[] CBlock = [("/*", "*/")];

    private static readonly Dictionary<string, CodeLanguage> ByName = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, CodeLanguage> ByExtension = new(StringComparer.OrdinalIgnoreCase);

    static CodeLanguage()
    {
        void Add(CodeLanguage l, params string[] extensions)
        {
            ByName[l.Name] = l;
            foreach (var e in extensions) ByExtension[e] = l;
        }
        Add(new("python", ["#"], [], true, false, false), "py", "pyi", "pyw");
        foreach (var (name, ext) in new[] { ("javascript", new[] { "js", "mjs", "cjs", "jsx" }), ("typescript", new[] { "ts", "tsx" }),
                     ("java", new[] { "java" }), ("c", new[] { "c", "h" }), ("cpp", new[] { "cpp", "cc", "cxx", "hpp", "hh", "hxx" }),
                     ("csharp", new[] { "cs" }), ("go", new[] { "go" }), ("rust", new[] { "rs" }), ("kotlin", new[] { "kt", "kts" }),
                     ("swift", new[] { "swift" }), ("scala", new[] { "scala" }), ("dart", new[] { "dart" }), ("css", new[] { "css", "scss", "less" }) })
            Add(new(name, name == "css" ? [] : ["//"], CBlock, false, false, false), ext);
        Add(new("php", ["//", "#"], CBlock, false, false, false), "php");
        foreach (var (name, ext) in new[] { ("ruby", new[] { "rb" }), ("shell", new[] { "sh", "bash", "zsh" }), ("perl", new[] { "pl", "pm" }),
                     ("r", new[] { "r" }), ("makefile", new[] { "mk" }), ("dockerfile", new[] { "dockerfile" }) })
            Add(new(name, ["#"], [], false, false, false), ext);
        Add(new("sql", ["--"], CBlock, false, false, false), "sql");
        Add(new("lua", ["--"], [("--[[", "]]")], false, false, false), "lua");
        Add(new("haskell", ["--"], [("{-", "-}")], false, false, false), "hs");
        Add(new("html", [], [("<!--", "-->")], false, false, false), "html", "htm", "xhtml", "vue", "svelte");
        Add(new("tex", ["%"], [], false, false, false), "tex", "sty", "cls");
        foreach (var (name, ext) in new[] { ("markdown", new[] { "md", "markdown" }), ("restructuredtext", new[] { "rst" }), ("text", new[] { "txt" }) })
            Add(new(name, [], [], false, false, true), ext);
        foreach (var (name, ext) in new[] { ("json", new[] { "json", "jsonl", "geojson", "ipynb" }), ("yaml", new[] { "yaml", "yml" }),
                     ("xml", new[] { "xml", "xsd", "plist", "svg" }), ("csv", new[] { "csv", "tsv" }), ("toml", new[] { "toml" }),
                     ("ini", new[] { "ini", "cfg", "conf" }), ("lock", new[] { "lock" }) })
            Add(new(name, name is "yaml" or "toml" or "ini" ? ["#"] : [], name == "xml" ? [("<!--", "-->")] : [], false, true, false), ext);
    }

    /// <summary>A language by name (case-insensitive), e.g. "Python".</summary>
    public static CodeLanguage? FromName(string name) => ByName.GetValueOrDefault(name.Trim());

    /// <summary>The language of a file path by its extension (<c>src/app.py</c> → python); minified JavaScript/CSS
    /// (<c>.min.js</c>, <c>.min.css</c>) and lock files count as data.</summary>
    public static CodeLanguage? FromPath(string path)
    {
        string file = Path.GetFileName(path);
        if (file.EndsWith(".min.js", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".min.css", StringComparison.OrdinalIgnoreCase) ||
            file is "package-lock.json" or "yarn.lock" or "Cargo.lock" or "poetry.lock")
            return new CodeLanguage("minified_or_lock", [], [], false, true, false);
        if (file.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase)) return ByName["dockerfile"];
        if (file.Equals("Makefile", StringComparison.OrdinalIgnoreCase)) return ByName["makefile"];
        string ext = Path.GetExtension(file).TrimStart('.');
        return ext.Length == 0 ? null : ByExtension.GetValueOrDefault(ext);
    }
}
