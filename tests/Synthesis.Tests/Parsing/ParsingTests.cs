using YuLanData.Synthesis.Parsing;

namespace YuLanData.Synthesis.Tests;

public class ParsingTests
{
    private static readonly string[] ProblemSolution = ["Problem", "Solution"];

    [Fact]
    public void SplitsProblemAndSolution()
    {
        var r = SectionParser.Parse("Sure!\n[Problem]\nA train leaves at 3 pm.\n\n[Solution]\nIt arrives at \\boxed{5} pm.\n", ProblemSolution);
        Assert.True(r.Success);
        Assert.Equal("A train leaves at 3 pm.", r.Value!["Problem"]);
        Assert.Equal("It arrives at \\boxed{5} pm.", r.Value["Solution"]);
        var sameLine = SectionParser.Parse("[Problem] What is 2+2?\n[Solution] 4", ProblemSolution);
        Assert.Equal("What is 2+2?", sameLine.Value!["Problem"]);
    }

    [Theory]
    [InlineData("[Problem]\nP\n", "missing_section:Solution")]
    [InlineData("[Solution]\nS\n[Problem]\nP", "section_order")]
    [InlineData("[Problem]\n\n[Solution]\nS", "empty_section:Problem")]
    [InlineData("[Problem]\nP\n[Solution]\n  \n", "empty_section:Solution")]
    [InlineData("[Problem]\nP\n[Solution]\nS\n[Problem]\nQ", "duplicate_section:Problem")]
    [InlineData("[Problem]\nP\n[Hint]\nH\n[Solution]\nS", "unexpected_section:Hint")]
    [InlineData("no sections at all", "missing_section:Problem")]
    public void MalformedSectionsAreRejectedWithReason(string text, string reason)
    {
        var r = SectionParser.Parse(text, ProblemSolution);
        Assert.False(r.Success);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void BracketedTextInsideASectionIsNotAHeader()
    {
        var r = SectionParser.Parse("[Problem]\nLet a[i] be [1, 2].\n[Solution]\n[x] marks the spot", ProblemSolution);
        Assert.True(r.Success);
        Assert.Equal("Let a[i] be [1, 2].", r.Value!["Problem"]);
    }

    [Theory]
    [InlineData("so \\boxed{42}.", "42")]
    [InlineData("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}")]
    [InlineData("first \\boxed{1} then \\boxed{ {a}{b{c}} }", "{a}{b{c}}")]
    [InlineData("\\boxed {7}", "7")]
    [InlineData("\\fbox{x^{2}}", "x^{2}")]
    [InlineData("set \\boxed{\\{1, 2\\}}", "\\{1, 2\\}")]
    public void ExtractsTheLastBoxWithNestedBraces(string text, string expected) => Assert.Equal(expected, BoxedAnswer.Last(text));

    [Theory]
    [InlineData("no box here")]
    [InlineData("\\boxed{unclosed {brace}")]
    [InlineData("\\boxed without braces")]
    public void NoCompleteBoxGivesNull(string text) => Assert.Null(BoxedAnswer.Last(text));

    [Fact]
    public void AllBoxesInOrder() => Assert.Equal(["1", "2"], BoxedAnswer.All("\\boxed{1} and \\boxed{2} and \\boxed{3"));

    [Fact]
    public void CodeBlocks()
    {
        Assert.Equal("print(1)\n", CodeBlock.Extract("Here:\n```python\nprint(1)\n```\nDone."));
        Assert.Equal("x = 1", CodeBlock.Extract("x = 1"));
        Assert.Null(CodeBlock.Extract("```python\nprint(1)\n"));
    }
}
