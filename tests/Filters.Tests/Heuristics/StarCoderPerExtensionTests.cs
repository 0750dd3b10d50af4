using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// Conformance of <c>code_quality</c> with <c>starcoder_per_extension: true</c> against StarCoder's
/// <c>basic_per_extension</c> semantics: per extension, excluded or not; longest line 1000 and mean line 100 where the
/// sheet sets a line limit, no line limits at all where it says "remove" (Markdown, reStructuredText, TeX, SQL, R);
/// alphanumeric fraction 0.25; alphabetic fraction 0.5 for JSON/YAML and 0.25 for a few languages (Scheme, VHDL, yacc…).
/// Fractions are over code points, as Python's <c>str.isalnum</c> / <c>str.isalpha</c> count them.
/// </summary>
public class StarCoderPerExtensionTests
{
    // 12 lines "value_i = compute(i)" after a comment line: a normal file in any language for these rules.
    private static string Code(int n = 12) =>
        "# compute the values\n" + string.Join('\n', Enumerable.Range(0, n).Select(i => $"value_{i} = compute({i})"));

    private static string? Decide(string path, string text, bool perExtension = true, bool dataFiles = true)
    {
        var o = new CodeQualityOptions { StarcoderPerExtension = perExtension, DropDataFiles = dataFiles, MinCommentRatio = 0, MinLinesOfCode = 1 };
        return new CodeQualityFilter(o).Apply(new FilterInput(text, "id", new JsonObject { ["path"] = path })).Reason;
    }

    public static TheoryData<string, string, string, string?> Cases()
    {
        var d = new TheoryData<string, string, string, string?>();
        string longLine = "x = '" + new string('a', 995) + "'"; // 1001 code points
        // --- line limits 1000 / mean 100 on code extensions
        d.Add("Go: 1001-char line", "main.go", Code() + "\n" + longLine, "code_max_line_length");
        d.Add("Go: 1000-char line", "main.go", Code() + "\n" + longLine[1..], null);
        d.Add("C header: 1001-char line", "lib.h", Code() + "\n" + longLine, "code_max_line_length");
        // mean: 13 lines of 101 characters ("v00 = '" is 7, 93 letters, closing quote), 13 * 101 / 13 = 101 > 100
        d.Add("TypeScript: mean 101", "a.ts", string.Join('\n', Enumerable.Range(0, 13).Select(i => $"v{i:D2} = '" + new string('a', 93) + "'")), "code_mean_line_length");
        // --- "remove": no line limits at all
        d.Add("Markdown: a 5000-char line is kept", "README.md", "# Title\n" + new string('w', 5000), null);
        d.Add("SQL: a 3000-char INSERT line is kept", "dump.sql", "-- data\nINSERT INTO t VALUES " + string.Join(",", Enumerable.Range(0, 400).Select(i => $"({i})")), null);
        d.Add("TeX: mean line 400 is kept", "paper.tex", string.Join('\n', Enumerable.Range(0, 5).Select(_ => new string('w', 400))), null);
        // --- excluded extensions
        d.Add("C# script .csx is excluded", "build.csx", Code(), "code_extension_excluded");
        d.Add("yacc .yy is excluded", "parser.yy", Code(), "code_extension_excluded");
        d.Add("LaTeX .toc is excluded", "paper.toc", Code(), "code_extension_excluded");
        // --- alphabetic fraction
        // "z: 1234567" + "\n": 11 code points per line (last line 10), 1 letter each: 40 letters / 439 ≈ 0.09 < 0.5; alnum 320/439 ≈ 0.73
        d.Add("YAML: alphabetic 0.09 < 0.5", "values.yaml", string.Join('\n', Enumerable.Range(0, 40).Select(_ => "z: 1234567")), "code_alphabetic_fraction");
        // "name: value" + "\n": 9 letters of 12: 0.75
        d.Add("YAML: alphabetic 0.75", "values.yaml", string.Join('\n', Enumerable.Range(0, 40).Select(_ => "name: value")), null);
        // "(define x 12345678)": 7 letters of 19 (+1 newline): 0.35 >= 0.25 kept; "(z 123456789012345)": 1 of 19: 0.05 < 0.25 (z: not a hex digit, so not a numeric data row)
        d.Add("Scheme: alphabetic 0.35", "a.scm", string.Join('\n', Enumerable.Range(0, 20).Select(_ => "(define x 12345678)")), null);
        d.Add("Scheme: alphabetic 0.05", "a.scm", string.Join('\n', Enumerable.Range(0, 20).Select(_ => "(z 123456789012345)")), "code_alphabetic_fraction");
        d.Add("Go has no alphabetic rule: 0.05 kept", "a.go", string.Join('\n', Enumerable.Range(0, 20).Select(_ => "(z 123456789012345)")), null);
        // --- alphanumeric 0.25
        d.Add("Rust: symbols only", "a.rs", string.Join('\n', Enumerable.Range(0, 30).Select(_ => "// ==============================")), "code_alphanum_fraction");
        // --- extensions the sheet does not list keep the global thresholds (markdown override: mean 200; line 1000)
        d.Add(".vue: global 1000-char limit", "App.vue", Code() + "\n" + longLine, "code_max_line_length");
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecisionFollowsTheSheet(string label, string path, string text, string? expected)
    {
        string? got = Decide(path, text, dataFiles: false);
        Assert.True(expected == got, $"{label}: expected {expected ?? "keep"}, got {got ?? "keep"}");
    }

    [Fact]
    public void WithoutTheOptionTheGlobalRulesStillApply()
    {
        // the same Markdown file: StarCoder keeps it, the global 1000-char limit drops it
        Assert.Equal("code_max_line_length", Decide("README.md", "# Title\n" + new string('w', 5000), perExtension: false));
        Assert.Null(Decide("build.csx", Code(), perExtension: false));
        Assert.Null(Decide("values.yaml", string.Join('\n', Enumerable.Range(0, 40).Select(_ => "z: 1234567")), perExtension: false, dataFiles: false));
    }

    [Fact]
    public void FractionsCountCodePointsLikePython()
    {
        // "ab12\n€𝑥": 7 code points; letters a, b, 𝑥 (U+1D465, outside the BMP) = 3; letters or digits = 5.
        // Python: sum(map(str.isalpha, s)) == 3, sum(map(str.isalnum, s)) == 5, len(s) == 7.
        var s = new CodeQualityFilter(new CodeQualityOptions()).Compute("ab12\n€\U0001D465", null);
        Assert.Equal(3.0 / 7, s.AlphabeticFraction, 12);
        Assert.Equal(5.0 / 7, s.AlphanumFraction, 12);
    }

    [Fact]
    public void TheSheetWinsOverLanguageThresholdsOnCharacterRulesOnly()
    {
        var o = new CodeQualityOptions { StarcoderPerExtension = true, MinCommentRatio = 0 };
        o.LanguageThresholds["markdown.max_line_length"] = 3000;
        o.LanguageThresholds["go.min_lines_of_code"] = 20;
        var f = new CodeQualityFilter(o);
        Assert.True(f.Apply(new FilterInput("# T\n" + new string('w', 5000), "id", new JsonObject { ["path"] = "a.md" })).Keep);
        Assert.Equal("code_too_few_lines", f.Apply(new FilterInput(Code(), "id", new JsonObject { ["path"] = "a.go" })).Reason);
    }

    [Fact]
    public void RuleLookupByExtension()
    {
        Assert.Equal(new StarCoderExtensionRules.Rule(true, 1000, 100, 0.25, null), StarCoderExtensionRules.ForPath("src/server.c"));
        Assert.Equal(new StarCoderExtensionRules.Rule(true, null, null, 0.25, 0.5), StarCoderExtensionRules.ForPath("package.JSON"));
        Assert.Equal(new StarCoderExtensionRules.Rule(true, 1000, 100, 0.25, null), StarCoderExtensionRules.ForPath("build/Dockerfile"));
        Assert.False(StarCoderExtensionRules.ForPath("x/y.csx")!.Value.Include);
        Assert.Null(StarCoderExtensionRules.ForPath("App.vue"));
        Assert.Null(StarCoderExtensionRules.ForPath("LICENSE"));
    }
}
