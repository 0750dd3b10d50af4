using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// Conformance table for <c>code_quality</c> with its defaults (max line 1000, mean line 100, alphanumeric ≥ 0.25,
/// comments 0.01–0.80 (Python 0.85) of non-space characters, 10–20,000 lines of code, markers in the first 5 lines).
/// Py(n) is n distinct code lines "value_i = compute(i)" (19–21 chars) plus one comment line.
/// </summary>
public class CodeQualityConformanceTests
{
    private static string Py(int n, string comment = "# compute the values") =>
        comment + "\n" + string.Join('\n', Enumerable.Range(0, n).Select(i => $"value_{i} = compute({i})"));

    public static TheoryData<string, string, string, string?> Cases()
    {
        var d = new TheoryData<string, string, string, string?>();
        // --- a normal Python file
        d.Add("12 code lines + comment", "a.py", Py(12), null);
        // --- lines of code ≥ 10 (comment and blank lines do not count)
        d.Add("9 code lines", "a.py", Py(9), "code_too_few_lines");
        d.Add("10 code lines", "a.py", Py(10), null);
        d.Add("10 code lines with blank lines between", "a.py", Py(10).Replace("\n", "\n\n"), null);
        d.Add("9 code lines + 5 comment lines", "a.py", Py(9, "# a\n# b\n# c\n# d\n# e"), "code_too_few_lines");
        d.Add("docstring lines are comments, not code", "a.py", "\"\"\"Module\ndoc\nstring\"\"\"\n" + Py(9), "code_too_few_lines");
        // --- comment ratio: comment non-space chars / non-space chars
        //     Py(12) without comment: 0 < 0.01
        d.Add("no comment at all: 0", "a.py", Py(12, ""), "code_comment_ratio");
        //     "#" alone: 1 / (1 + 12 lines * ~15 non-space) ≈ 0.005 < 0.01
        d.Add("one '#' only: ≈ 0.005", "a.py", Py(12, "#"), "code_comment_ratio");
        d.Add("'#' inside a string is not a comment", "a.py", Py(12, "x = '# not a comment'"), "code_comment_ratio");
        d.Add("trailing comment after code counts", "a.py", Py(11, "") + "\nvalue = 1  # the default value used here", null);
        d.Add("mostly comments: > 0.85 for Python", "a.py", string.Join('\n', Enumerable.Range(0, 60).Select(i => $"# comment line number {i} explains")) + "\n" + Py(10, ""), "code_comment_ratio");
        d.Add("same file as JavaScript-free text: unknown extension skips comment rules", "a.unknownext", string.Join('\n', Enumerable.Range(0, 60).Select(i => $"# comment line number {i} explains")) + "\n" + Py(10, ""), null);
        d.Add("C: block comment", "a.c", "/* licence\n   text */\n" + string.Join('\n', Enumerable.Range(0, 12).Select(i => $"int v{i} = f({i});")), null);
        d.Add("C: no comments", "a.c", string.Join('\n', Enumerable.Range(0, 12).Select(i => $"int v{i} = f({i});")), "code_comment_ratio");
        d.Add("C: '//' inside a string", "a.c", "char *s = \"http://x\";\n" + string.Join('\n', Enumerable.Range(0, 12).Select(i => $"int v{i} = f({i});")), "code_comment_ratio");
        d.Add("JS line comments", "a.js", "// helpers for the page\n" + string.Join('\n', Enumerable.Range(0, 12).Select(i => $"const v{i} = f({i});")), null);
        d.Add("SQL '--' comments", "q.sql", "-- report query for totals\n" + string.Join('\n', Enumerable.Range(0, 12).Select(i => $"SELECT a{i} FROM t{i};")), null);
        d.Add("HTML comment", "p.html", "<!-- page header part -->\n" + string.Join('\n', Enumerable.Range(0, 12).Select(i => $"<p class=\"c{i}\">text {i}</p>")), null);
        d.Add("Python override max 0.85 vs C default 0.8 on ~0.82", "a.c", CommentHeavy("//"), "code_comment_ratio");
        d.Add("Python allows ~0.82", "a.py", CommentHeavy("#"), null);
        // --- max line length 1000 (code points)
        d.Add("a 1000-char line", "a.py", Py(12) + "\nx = '" + new string('a', 994) + "'", null);
        d.Add("a 1001-char line", "a.py", Py(12) + "\nx = '" + new string('a', 995) + "'", "code_max_line_length");
        // --- mean line length 100
        d.Add("mean 100: 12 lines of 100 + comment line of 100", "a.py", string.Join('\n', Enumerable.Range(0, 13).Select(i => i == 0 ? "#" + new string('c', 99) : Line(i, 100))), null);
        d.Add("mean 101", "a.py", string.Join('\n', Enumerable.Range(0, 13).Select(i => i == 0 ? "#" + new string('c', 100) : Line(i, 101))), "code_mean_line_length");
        d.Add("Markdown allows mean 200", "README.md", string.Join('\n', Enumerable.Range(0, 13).Select(i => Line(i, 150))), null);
        d.Add("Markdown mean 201", "README.md", string.Join('\n', Enumerable.Range(0, 13).Select(i => Line(i, 201))), "code_mean_line_length");
        // --- alphanumeric fraction 0.25
        d.Add("symbols only", "a.py", Py(12) + "\n" + string.Join('\n', Enumerable.Range(0, 40).Select(_ => "# ==========================")), "code_alphanum_fraction");
        d.Add("empty file: 0/0 taken as 0", "a.py", "", "code_alphanum_fraction");
        // --- auto-generated markers in the first 5 lines (any case)
        foreach (var m in new[] { "# Auto-generated by protoc", "# AUTOGENERATED FILE", "# This file is automatically generated", "// Code generated by stringer; DO NOT EDIT.", "# DO NOT EDIT", "# Generated by Django 4.2 on 2024-01-01" })
            d.Add($"marker '{m}'", "a.py", m + "\n" + Py(12), "code_autogenerated");
        d.Add("marker on line 6 is ignored", "a.py", "# a\n# b\n# c\n# d\n# e\n# do not edit\n" + Py(12, "# x"), null);
        d.Add("marker on line 5 counts", "a.py", "# a\n# b\n# c\n# d\n# do not edit\n" + Py(12, "# x"), "code_autogenerated");
        // --- data files by extension
        foreach (var p in new[] { "data.json", "config.yaml", "c.yml", "table.csv", "pom.xml", "pyproject.toml", "setup.cfg", "yarn.lock", "app.min.js", "logo.svg" })
            d.Add($"data file {p}", p, Py(12), "code_data_file");
        // --- numeric data rows: > 80% of ≥ 20 non-blank lines
        d.Add("hex table", "t.py", "TABLE = [\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"  0x{i:x2}, 0x{i * 3:x2}, 0x{i * 7:x2},")) + "\n]", "code_data_content");
        d.Add("19 non-blank lines: the data rule needs 20, and 18 rows are 18 lines of code", "t.py", "# table\n" + string.Join('\n', Enumerable.Range(0, 18).Select(i => $"{i}, {i * 2}, {i * 3}")), null);
        d.Add("80% data rows is not > 80%", "t.py", "# t\n" + string.Join('\n', Enumerable.Range(0, 16).Select(i => $"{i}, {i * 2},")) + "\n" + string.Join('\n', Enumerable.Range(0, 3).Select(i => $"v{i} = load({i})")), null);
        // --- language from metadata 'language' wins over the path
        d.Add("language: JSON from metadata", "a.py|json", Py(12), "code_data_file");
        d.Add("language: Python on a .txt path", "notes.txt|Python", Py(9), "code_too_few_lines");
        d.Add("prose: no lines-of-code rule", "notes.txt", "Short note.", null);
        return d;
    }

    // a line of exactly n characters: "vN = '...'"
    private static string Line(int i, int n)
    {
        string head = $"v{i} = '";
        return head + new string('a', n - head.Length - 1) + "'";
    }

    // about 82% comment characters: 10 comment lines of 62-63 non-space chars (≈ 625) and 12 code lines
    // "int vI = f(I);" of 11-13 non-space chars (≈ 140): 625 / 765 ≈ 0.82
    private static string CommentHeavy(string marker) =>
        string.Join('\n', Enumerable.Range(0, 10).Select(i => marker + new string('c', 60) + i)) + "\n" +
        string.Join('\n', Enumerable.Range(0, 12).Select(i => $"int v{i} = f({i});"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecisionFollowsTheRules(string label, string pathAndLanguage, string text, string? expected)
    {
        var parts = pathAndLanguage.Split('|');
        var meta = new JsonObject { ["path"] = parts[0] };
        if (parts.Length > 1) meta["language"] = parts[1];
        var o = new CodeQualityFilter(new CodeQualityOptions()).Apply(new FilterInput(text, "id", meta));
        Assert.True(expected == o.Reason, $"{label}: expected {expected ?? "keep"}, got {o.Reason ?? "keep"}");
    }

    [Fact]
    public void TableHasAtLeastFiftyCases() => Assert.True(Cases().Count >= 50);

    [Fact]
    public void RealRepositoryFilesAreDroppedForEachRule()
    {
        var f = new CodeQualityFilter(new CodeQualityOptions());
        var seen = new Dictionary<string, string>();
        int total = 0;
        foreach (var file in new[] { "code/pygments__pygments@HEAD-6a62df1d1f.jsonl.gz", "code/Textualize__rich@HEAD-42899d8a0a.jsonl.gz", "code/pallets__click@HEAD-2c8cd3ac95.jsonl" })
            foreach (var r in SharedDocs.Records(file))
            {
                total++;
                var meta = new JsonObject { ["path"] = r["path"]!.GetValue<string>() };
                if (f.Apply(new FilterInput(r["text"]!.GetValue<string>(), "id", meta)).Reason is { } reason)
                    seen.TryAdd(reason, r["path"]!.GetValue<string>());
            }
        foreach (var want in new[] { "code_autogenerated", "code_max_line_length", "code_data_content", "code_too_few_lines", "code_comment_ratio", "code_alphanum_fraction" })
            Assert.True(seen.ContainsKey(want), $"no real file dropped for {want}: {string.Join(", ", seen.Select(kv => kv.Key + "=" + kv.Value))}");
        Assert.Equal("pygments/formatters/_mapping.py", seen["code_autogenerated"]); // "Automatically generated by scripts/gen_mapfiles.py. DO NOT EDIT BY HAND."
    }

    [Fact]
    public void ScoreOnlyAndOverrides()
    {
        var input = new FilterInput(Py(9), "id", new JsonObject { ["path"] = "a.py" });
        Assert.True(new CodeQualityFilter(new CodeQualityOptions { ScoreOnly = true }).Apply(input).Keep);
        var s = input.Metadata["code_quality"]!.AsObject();
        Assert.Equal("code_too_few_lines", s["would_drop"]!.GetValue<string>());
        Assert.Equal(9, s["lines_of_code"]!.GetValue<int>());
        Assert.Equal("python", s["language"]!.GetValue<string>());
        var relaxed = new CodeQualityOptions();
        relaxed.LanguageThresholds["python.min_lines_of_code"] = 5;
        Assert.True(new CodeQualityFilter(relaxed).Apply(new FilterInput(Py(9), "id", new JsonObject { ["path"] = "a.py" })).Keep);
        Assert.Throws<ArgumentException>(() => new CodeQualityFilter(new CodeQualityOptions { LanguageThresholds = new() { ["python.bogus"] = 1 } }));
    }
}
