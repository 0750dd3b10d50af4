using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Heuristics;

/// <summary>
/// The comment fraction of Python files reads strings as Python does: an assigned triple-quoted string is code (it
/// used to flip code and comments for the rest of the file), docstrings are comments, and prefixes, escapes and
/// f-string fields with nested quotes do not derail the scan. Checked on real repository files too.
/// </summary>
public class PythonStringCommentTests
{
    private static readonly CodeQualityFilter Filter = new(new CodeQualityOptions());
    private static readonly CodeLanguage Python = CodeLanguage.FromPath("a.py")!;

    private static double CommentRatio(string text) => Filter.Compute(text, Python).CommentRatio;

    private static string Code(int n) => string.Join('\n', Enumerable.Range(0, n).Select(i => $"value_{i} = compute({i})"));

    [Fact]
    public void AnAssignedTripleQuotedStringIsCodeAndTheRestOfTheFileStaysCode()
    {
        string usage = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"    option {i}: does thing number {i}"));
        string text = "# the command line\nusage = \"\"\"\n" + usage + "\n\"\"\"\n" + Code(40) + "\n";
        // Before: the closing quotes at the start of a line opened a "docstring" that ran to the end of the file.
        Assert.True(CommentRatio(text) < 0.05, $"comment ratio {CommentRatio(text)}");
    }

    [Fact]
    public void DocstringsAtTheStartOfAStatementAreComments()
    {
        string doc = "def f():\n    \"\"\"Compute the thing.\n\n    More words here.\n    \"\"\"\n    return 1\n";
        string commentChars = "\"\"\"Computethething.Morewordshere.\"\"\"";
        string nonSpace = new(doc.Where(c => !char.IsWhiteSpace(c)).ToArray());
        Assert.Equal((double)commentChars.Length / nonSpace.Length, CommentRatio(doc), 6);
        // With a prefix, and single-quoted triple quotes.
        Assert.Equal(1.0, CommentRatio("r'''raw docstring \\d+'''"), 6);
        Assert.Equal(1.0, CommentRatio("Rb\"\"\"bytes\"\"\""), 6);
    }

    [Fact]
    public void TripleQuotedStringsInsideBracketsOrAfterCodeAreCode()
    {
        Assert.Equal(0, CommentRatio("call(\n    \"\"\"\n    # not a comment\n    \"\"\"\n)\n"));
        Assert.Equal(0, CommentRatio("x = \\\n    \"\"\"text\"\"\"\n"));
        Assert.Equal(0, CommentRatio("query = f\"\"\"\nSELECT {cols}\n# inside the string\n\"\"\"\n"));
    }

    [Fact]
    public void HashesInsideStringsWithEscapesPrefixesAndNestedFStringQuotesAreNotComments()
    {
        Assert.Equal(0, CommentRatio("s = \"a \\\" # still the string\"\n"));
        Assert.Equal(0, CommentRatio("s = r'\\' # raw, the quote is escaped'\n"));
        Assert.Equal(0, CommentRatio("s = f\"{d[\"key\"]} # text {x!r:>{width}}\"\n"));
        Assert.Equal(0, CommentRatio("s = f'{\"#\".join(parts)}' + b'#'\n"));
        string line = "s = f\"{d[\"k\"]}\"  # real comment";
        Assert.Equal("#realcomment".Length / (double)line.Count(c => !char.IsWhiteSpace(c)), CommentRatio(line), 6);
    }

    [Theory]
    [InlineData("code/pygments__pygments@HEAD-6a62df1d1f.jsonl.gz", "pygments/formatters/html.py")]
    [InlineData("code/pygments__pygments@HEAD-6a62df1d1f.jsonl.gz", "pygments/util.py")]
    [InlineData("code/psf__requests@HEAD-1f6589ec3a.jsonl", "src/requests/status_codes.py")]
    public void RealFilesWithAssignedStringsAreNotDroppedAsComments(string file, string path)
    {
        var record = SharedDocs.Records(file).Single(r => r["path"]!.GetValue<string>() == path);
        string text = record["text"]!.GetValue<string>();
        var outcome = Filter.Apply(new FilterInput(text, "id", new JsonObject { ["path"] = path }));
        Assert.NotEqual("code_comment_ratio", outcome.Reason);
        Assert.True(CommentRatio(text) < 0.6, $"{path}: comment ratio {CommentRatio(text)}");
    }
}
