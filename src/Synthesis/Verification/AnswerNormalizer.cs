using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Synthesis.Verification;

/// <summary>
/// Normalizes final answers so that equal answers compare equal: <c>$1,200.00</c>, <c>1200</c> and <c>1200 dollars</c>
/// are the number 1200; <c>\frac{3}{4}</c>, <c>3/4</c> and <c>0.75</c> are 3/4. Answers that are not numbers
/// compare as text with LaTeX wrappers, spaces and case removed.
/// </summary>
public static partial class AnswerNormalizer
{
    /// <summary>The normalized key of <paramref name="answer"/>: <c>num:n/d</c> for numbers, <c>text:...</c> otherwise; null when empty.</summary>
    public static string? Key(string? answer)
    {
        if (answer is null) return null;
        var number = Number(answer);
        if (number is { } r) return "num:" + r;
        var text = Clean(answer).ToLowerInvariant();
        text = Spaces().Replace(text, "");
        return text.Length == 0 ? null : "text:" + text;
    }

    /// <summary>Whether two answers are equal after normalization (both non-empty).</summary>
    public static bool Equivalent(string? a, string? b) => Key(a) is { } ka && ka == Key(b);

    /// <summary>The answer as an exact number, or null when it is not one (units and currency signs are ignored).</summary>
    public static Rational? Number(string answer)
    {
        var s = Clean(answer);
        // \frac{a}{b} with an optional sign and whole part: "-\frac{3}{4}", "2\frac{1}{2}".
        var frac = Frac().Match(s);
        if (frac.Success)
        {
            if (!Rational.TryParseDecimal(frac.Groups["n"].Value, out var n) || !Rational.TryParseDecimal(frac.Groups["d"].Value, out var d) || d.Numerator.IsZero) return null;
            var value = n / d;
            if (frac.Groups["w"].Success && Rational.TryParseDecimal(frac.Groups["w"].Value, out var w))
                value = w.Numerator.Sign < 0 ? w - value : w + value;
            return frac.Groups["s"].Value == "-" ? -value : value;
        }
        var m = LeadingNumber().Match(s);
        if (!m.Success) return null;
        var rest = s[m.Length..].Trim();
        // Anything after the number must look like a unit (words, %, degree sign), not more mathematics.
        if (rest.Length > 0 && (!Unit().IsMatch(rest) || (rest.Length == 1 && !char.IsWhiteSpace(s[m.Length])))) return null;
        var text = m.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal);
        if (m.Groups["den"].Success)
        {
            if (!Rational.TryParseDecimal(text, out var a) || !Rational.TryParseDecimal(m.Groups["den"].Value, out var b) || b.Numerator.IsZero) return null;
            return a / b;
        }
        return Rational.TryParseDecimal(text, out var r) ? r : null;
    }

    private static string Clean(string answer)
    {
        var s = new StringBuilder(answer.Trim());
        foreach (var (from, to) in Replacements) s.Replace(from, to);
        var t = TextWrapper().Replace(s.ToString(), "${t}");
        t = t.Trim().TrimEnd('.').Trim();
        var eq = t.LastIndexOf('=');
        if (eq >= 0 && eq < t.Length - 1) t = t[(eq + 1)..].Trim(); // "x = 5" -> "5"
        if (t.StartsWith('{') && t.EndsWith('}')) t = t[1..^1].Trim();
        return t;
    }

    private static readonly (string From, string To)[] Replacements =
    [
        ("\\$", ""), ("$", ""), ("\\%", ""), ("%", ""), ("\\!", ""), ("\\,", ""), ("\\;", ""), ("\\left", ""), ("\\right", ""),
        ("^\\circ", ""), ("^{\\circ}", ""), ("°", ""), ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\displaystyle", ""), ("−", "-"),
    ];

    [GeneratedRegex(@"\\(?:text|textbf|mathrm|mbox)\{(?<t>[^{}]*)\}")]
    private static partial Regex TextWrapper();

    [GeneratedRegex(@"^(?<s>[-+]?)\s*(?<w>\d+)?\s*\\frac\s*\{\s*(?<n>-?[\d.]+)\s*\}\s*\{\s*(?<d>-?[\d.]+)\s*\}$")]
    private static partial Regex Frac();

    [GeneratedRegex(@"^(?<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)(?:\s*/\s*(?<den>\d+(?:\.\d+)?))?(?=$|[^\d.,/])")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z.]*(?:\s*/\s*[A-Za-z]+|\s+per\s+[A-Za-z]+)?$")]
    private static partial Regex Unit();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
