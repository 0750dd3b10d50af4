using YuLanData.Synthesis.Verification;

namespace YuLanData.Synthesis.Tests;

public class AnswerTests
{
    [Theory]
    [InlineData("1,200", "1200")]
    [InlineData("$1,200.00", "1200")]
    [InlineData("18 dollars", "18")]
    [InlineData("18.0", "18")]
    [InlineData("\\frac{3}{4}", "0.75")]
    [InlineData("3/4", "\\dfrac{3}{4}")]
    [InlineData("-\\frac{1}{2}", "-0.5")]
    [InlineData("2\\frac{1}{2}", "2.5")]
    [InlineData("50\\%", "50")]
    [InlineData("\\text{5 cm}", "5")]
    [InlineData("x = 12", "12")]
    [InlineData("90^\\circ", "90")]
    [InlineData("12.", "12")]
    [InlineData("\\$ 35", "35")]
    [InlineData("\\text{Blue}", "blue")]
    public void EquivalentAnswers(string a, string b) => Assert.True(AnswerNormalizer.Equivalent(a, b), $"{a} vs {b}: {AnswerNormalizer.Key(a)} / {AnswerNormalizer.Key(b)}");

    [Theory]
    [InlineData("12", "13")]
    [InlineData("1,200", "12")]
    [InlineData("0.33", "1/3")]
    [InlineData("3 + 4", "7")]
    [InlineData("2x", "2")]
    [InlineData("", "")]
    [InlineData("1/2", "2/1")]
    [InlineData("5 apples", "5 apples and 2")]
    public void DifferentAnswers(string a, string b) => Assert.False(AnswerNormalizer.Equivalent(a, b), $"{a} vs {b}: {AnswerNormalizer.Key(a)} / {AnswerNormalizer.Key(b)}");

    [Theory]
    [InlineData("48/2", "24")]
    [InlineData("0.2*50", "10")]
    [InlineData("(3+4)*2-1", "13")]
    [InlineData("-3*-2", "6")]
    [InlineData("1,000/4", "250")]
    [InlineData("+30+46", "76")]
    [InlineData("560//10", "56")]
    [InlineData("7//2", "3")]
    [InlineData("-7//2", "-4")]
    public void EvaluatesCalculatorExpressionsExactly(string expression, string expected)
    {
        Assert.True(ArithmeticExpression.TryEvaluate(expression, out var value));
        Assert.True(Rational.TryParseDecimal(expected, out var e));
        Assert.Equal(e, value);
    }

    [Theory]
    [InlineData("4/0")]
    [InlineData("2+")]
    [InlineData("(1+2")]
    [InlineData("import os")]
    public void RejectsBadExpressions(string expression) => Assert.False(ArithmeticExpression.TryEvaluate(expression, out _));
}
