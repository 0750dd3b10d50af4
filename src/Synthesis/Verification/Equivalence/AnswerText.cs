using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>
/// Cleans an answer string before parsing: math delimiters, spacing commands, <c>\left</c>/<c>\right</c>,
/// <c>\dfrac</c>, degree signs, <c>\cdot</c>/<c>\times</c>; <c>\text{...}</c> around the whole answer is unwrapped,
/// inside it <c>\text{ or }</c> becomes <c> or </c> and other text (units) is dropped.
/// </summary>
public static partial class AnswerText
{
    private static readonly (string From, string To)[] Replacements =
    [
        ("\\left", ""), ("\\right", ""), ("\\!", ""), ("\\,", ""), ("\\;", ""), ("\\:", ""), ("\\quad", " "), ("\\qquad", " "),
        ("\\displaystyle", ""), ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\cdot", "*"), ("\\times", "*"), ("\\div", "/"),
        ("^{\\circ}", ""), ("^\\circ", ""), ("\\circ", ""), ("°", ""), ("−", "-"), ("\\%", "%"), ("\\$", ""), ("$", ""),
        ("\\lbrace", "\\{"), ("\\rbrace", "\\}"), ("\\lor", " or "), ("\\vee", " or "), ("\\land", " and "), ("\\wedge", " and "),
("~", " "), ("\\infinity", "\\infty"), ("∞", "\\infty"), ("π", "\\pi"), ("√", "\\sqrt"),
    ];

    /// <summary>The cleaned form of <paramref name="answer"/>.</summary>
    public static string Clean(string answer)
    {
        var sb = new StringBuilder(answer.Trim());
        foreach (var (from, to) in Replacements) sb.Replace(from, to);
        var s = sb.ToString().Trim();
        s = EscapedSpace().Replace(s, " ");
        s = BoldWrapper().Replace(s, "${t}");
        var whole = WholeText().Match(s);
        if (whole.Success) s = whole.Groups["t"].Value.Trim();
        s = TextWrapper().Replace(s, m => m.Groups["t"].Value.Trim() is "or" or "and" ? " " + m.Groups["t"].Value.Trim() + " " : " ");
        s = s.Trim().TrimEnd('.').Trim();
        return Spaces().Replace(s, " ");
    }

    /// <summary>A key for comparing answers as text: cleaned, lower case, without spaces, outer parentheses and braces.</summary>
    public static string TextKey(string answer)
    {
        var s = Clean(answer).ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        while (s.Length >= 2 && ((s[0] == '(' && s[^1] == ')') || (s[0] == '{' && s[^1] == '}'))) s = s[1..^1];
        return s.Replace("\\", "", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\\(?:text|textbf|mathrm|mbox|textnormal)\{(?<t>[^{}]*)\}$")]
    private static partial Regex WholeText();

    [GeneratedRegex(@"\\(?:text|textbf|mbox|textnormal)\s*\{(?<t>[^{}]*)\}")]
    private static partial Regex TextWrapper();

    [GeneratedRegex(@"\\(?:mathbf|boldsymbol|bm)\{(?<t>[^{}]*)\}")]
    private static partial Regex BoldWrapper();

    /// <summary>A "\ " spacing command, not the end of a "\\" matrix row.</summary>
    [GeneratedRegex(@"(?<!\\)\\ ")]
    private static partial Regex EscapedSpace();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
