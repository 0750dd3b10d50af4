using System.Numerics;
using System.Text.RegularExpressions;

namespace YuLanData.Synthesis.Verification;

/// <summary>
/// GSM8K-style worked solutions: calculator annotations <c>&lt;&lt;48/2=24&gt;&gt;</c> and a final line <c>#### 72</c>.
/// </summary>
public static partial class Gsm8kSolution
{
    /// <summary>The final answer after the last <c>####</c>, trimmed; null when there is none.</summary>
    public static string? FinalAnswer(string solution)
    {
        var at = solution.LastIndexOf("####", StringComparison.Ordinal);
        if (at < 0) return null;
        var answer = solution[(at + 4)..].Trim();
        return answer.Length == 0 ? null : answer;
    }

    /// <summary>
    /// Checks every calculator annotation: the expression left of the last <c>=</c> must evaluate to the number on
    /// its right, up to the rounding its written precision allows (<c>10/3=3.33</c> passes, <c>10/3=3.4</c> fails).
    /// </summary>
    /// <returns>null when all annotations hold (or there are none); else the first failing annotation.</returns>
    public static string? FirstWrongAnnotation(string solution)
    {
        foreach (Match m in Annotation().Matches(solution))
        {
            var body = m.Groups[1].Value;
            var eq = body.LastIndexOf('=');
            if (eq <= 0) return m.Value;
            var written = body[(eq + 1)..].Trim().Replace(",", "", StringComparison.Ordinal);
            if (!ArithmeticExpression.TryEvaluate(body[..eq], out var value) || !Rational.TryParseDecimal(written, out var result))
                return m.Value;
            var decimals = written.Contains('.') ? written.Length - written.IndexOf('.') - 1 : 0;
            // Allowed error: half a unit in the last written place, and never less than 1e-6 relative.
            var allowed = new Rational(1, 2 * BigInteger.Pow(10, decimals));
            var diff = value - result;
            var abs = diff.Numerator.Sign < 0 ? -diff : diff;
            if (abs.ToDouble() > Math.Max(allowed.ToDouble(), 1e-6 * Math.Abs(result.ToDouble())) + 1e-12)
                return m.Value;
        }
        return null;
    }

    [GeneratedRegex("<<([^<>]*)>>")]
    private static partial Regex Annotation();
}
