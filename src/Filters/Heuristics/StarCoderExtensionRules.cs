namespace YuLanData.Filters.Heuristics;

/// <summary>
/// StarCoder's per-extension basic filter (bigcode-dataset <c>preprocessing/filtering.py</c>, filter
/// <c>basic_per_extension</c>, thresholds from its visual-inspection sheet): per file extension, whether files are kept
/// at all, the longest-line limit (the mean-line limit is 100 exactly when a longest-line limit is set), the minimum
/// alphanumeric fraction and the minimum alphabetic fraction. Written from those semantics; the extension sets below
/// are the sheet's decisions for the extensions this project knows.
/// </summary>
public static class StarCoderExtensionRules
{
    /// <summary>The thresholds of one extension; a null threshold is off.</summary>
    /// <param name="Include">False: StarCoder left files with this extension out of the training data.</param>
    /// <param name="MaxLineLength">Longest line allowed, in characters.</param>
    /// <param name="MaxMeanLineLength">Mean line length allowed (100 whenever <paramref name="MaxLineLength"/> is set).</param>
    /// <param name="MinAlphanumFraction">Minimum share of letters and digits among all characters.</param>
    /// <param name="MinAlphabeticFraction">Minimum share of letters among all characters.</param>
    public readonly record struct Rule(bool Include, int? MaxLineLength, double? MaxMeanLineLength, double? MinAlphanumFraction, double? MinAlphabeticFraction);

    // Programming-language extensions the sheet marked "include" with the default limits (line 1000, mean 100,
    // alphanumeric 0.25, no alphabetic rule). Extensions the sheet does not list (.pyi, .mjs, .jsx, .swift, .vue, ...)
    // get no rule here: the stage's global thresholds apply to them.
    private static readonly string[] Default =
    [
        "py", "pyw", "bzl", "gyp", "js", "es6", "jsm", "ts", "tsx", "java", "c", "h", "cc", "cpp",
        "cxx", "c++", "cp", "hh", "hpp", "hxx", "h++", "inl", "ipp", "tcc", "tpp", "cs", "cake", "cshtml", "go", "rs", "kt",
        "kts", "scala", "sbt", "dart", "css", "php", "phpt", "ctp", "rb", "rake", "gemspec", "podspec",
        "ru", "sh", "bash", "zsh", "ksh", "bats", "pl", "pm", "perl", "psgi", "t", "lua", "wlua", "hs", "html", "htm", "xhtml",
        "mk", "cmake", "dockerfile", "tcl", "ps1", "groovy", "ex", "exs", "erl", "clj", "ml", "fs",
    ];

    // Included with no line limits at all (sheet: "remove"): prose and formats whose lines are long by nature.
    private static readonly string[] NoLineLimits = ["md", "markdown", "mkd", "mkdn", "rst", "rmd", "tex", "sty", "bib", "sql", "r"];

    // Included with the default limits plus a minimum alphabetic fraction of 0.25.
    private static readonly string[] Alphabetic25 = ["ads", "scm", "sld", "sps", "vhd", "y", "sv", "bas", "wl", "mpl", "aug", "fp", "prc"];

    // Left out entirely (sheet: include 0): literate/generated variants, build outputs and dumps.
    private static readonly string[] Excluded =
    [
        "csx", "cats", "w", "al", "ph", "plx", "pck", "pls", "tab", "aux", "ltx", "toc", "rest", "yy", "bison", "f77", "dpr",
        "sig", "cl2", "sexp", "xrl", "frg", "geo", "vrx", "grt", "cdf", "nbp", "wlt", "rktd", "rktl", "vhf", "vht", "frx",
    ];

    private static readonly Dictionary<string, Rule> ByExtension = Build();

    private static Dictionary<string, Rule> Build()
    {
        var d = new Dictionary<string, Rule>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in Default) d[e] = new Rule(true, 1000, 100, 0.25, null);
        foreach (var e in NoLineLimits) d[e] = new Rule(true, null, null, 0.25, null);
        foreach (var e in Alphabetic25) d[e] = new Rule(true, 1000, 100, 0.25, 0.25);
        foreach (var e in Excluded) d[e] = new Rule(false, null, null, null, null);
        d["json"] = new Rule(true, null, null, 0.25, 0.5); // data: no line limit, but half the characters letters
        d["yaml"] = d["yml"] = new Rule(true, 1000, 100, 0.25, 0.5);
        return d;
    }

    /// <summary>The rule for a file path by its extension (lowercase, without the dot; <c>Dockerfile</c> counts as
    /// extension <c>dockerfile</c>), or null when the sheet has none (then the global thresholds apply).</summary>
    /// <param name="path">A file path such as <c>src/server.c</c>.</param>
    public static Rule? ForPath(string path)
    {
        string file = Path.GetFileName(path);
        string ext = file.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase) ? "dockerfile" : Path.GetExtension(file).TrimStart('.');
        return ext.Length > 0 && ByExtension.TryGetValue(ext, out var rule) ? rule : null;
    }
}
