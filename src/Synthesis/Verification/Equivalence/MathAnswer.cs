using System.Text.RegularExpressions;

namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>
/// A final answer's structure: a scalar expression, an unordered set (<c>\{1,2\}</c>, <c>1, 2</c>, <c>x=2 or x=3</c>,
/// a union of intervals), an ordered bracketed list (a tuple <c>(1,2)</c>, an interval <c>[1,2)</c>, a matrix), or
/// text when nothing parses. Build with <see cref="Parse"/>.
/// </summary>
public abstract partial record MathAnswer
{
    private const int MaxDepth = 8;

    /// <summary>A scalar expression.</summary>
    /// <param name="Raw">The cleaned text it was parsed from.</param>
    /// <param name="Expr">The expression.</param>
    /// <param name="Percent">Whether it was written with a percent sign (its value is already divided by 100).</param>
    public sealed record Scalar(string Raw, MathExpr Expr, bool Percent) : MathAnswer;

    /// <summary>An unordered collection.</summary>
    /// <param name="Items">The members.</param>
    public sealed record Set(IReadOnlyList<MathAnswer> Items) : MathAnswer;

    /// <summary>An ordered bracketed list: tuple, interval (the brackets say which ends are closed) or matrix (<c>M</c>).</summary>
    /// <param name="Open">Opening bracket.</param>
    /// <param name="Close">Closing bracket.</param>
    /// <param name="Items">The members in order.</param>
    public sealed record Bracketed(char Open, char Close, IReadOnlyList<MathAnswer> Items) : MathAnswer;

    /// <summary>An answer compared as text.</summary>
    /// <param name="Key">The text key (<see cref="AnswerText.TextKey"/>).</param>
    public sealed record Text(string Key) : MathAnswer;

    /// <summary>Parses an answer (LaTeX or plain text, without <c>\boxed</c>).</summary>
    public static MathAnswer Parse(string answer) => Parse(AnswerText.Clean(answer), 0);

    private static MathAnswer Parse(string s, int depth)
    {
        s = s.Trim();
        if (depth > MaxDepth || s.Length == 0) return new Text(AnswerText.TextKey(s));
        if (ThousandsNumber().IsMatch(s)) s = s.Replace(",", "", StringComparison.Ordinal);

        var alternatives = SplitTopLevel(s, OrSeparator());
        if (alternatives.Count > 1) return Flat(alternatives.Select(a => Parse(a, depth + 1)));
        var union = SplitTopLevel(s, CupSeparator());
        if (union.Count > 1) return Flat(union.Select(a => Parse(a, depth + 1)));

        var matrix = Matrix().Match(s);
        if (matrix.Success)
        {
            var rows = matrix.Groups["body"].Value.Split("\\\\", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(row => (MathAnswer)new Bracketed('(', ')', row.Split('&').Select(c => Parse(c, depth + 1)).ToArray())).ToArray();
            return new Bracketed('M', 'M', rows);
        }

        // "x = 5", "y = 2x+3", "a = b = 4": the value is what follows the last '=' when the left side is a name.
        var eq = TopLevelEquals(s);
        if (eq >= 0)
        {
            var lhs = s[..eq].Trim();
            if (VariableName().IsMatch(lhs) || TopLevelEquals(lhs) >= 0) return Parse(s[(eq + 1)..], depth + 1);
            return new Text(AnswerText.TextKey(s));
        }
        if (Inequality().IsMatch(s)) return new Text(AnswerText.TextKey(s));

        if (s.StartsWith("\\{", StringComparison.Ordinal) && s.EndsWith("\\}", StringComparison.Ordinal) && Matches(s, 1, s.Length - 2))
            return Flat(SplitCommas(s[2..^2]).Select(x => Parse(x, depth + 1)));
        if (s.Length >= 2 && s[0] is '(' or '[' && s[^1] is ')' or ']' && Matches(s, 0, s.Length - 1))
        {
            var items = SplitCommas(s[1..^1]);
            if (items.Count > 1) return new Bracketed(s[0], s[^1], items.Select(x => Parse(x, depth + 1)).ToArray());
        }
        var list = SplitCommas(s);
        if (list.Count > 1) return Flat(list.Select(x => Parse(x, depth + 1)));

        var pm = s.IndexOf("\\pm", StringComparison.Ordinal);
        if (pm >= 0)
            return Flat([Parse(s[..pm] + "+" + s[(pm + 3)..], depth + 1), Parse(s[..pm] + "-" + s[(pm + 3)..], depth + 1)]);
        var expr = LatexExpressionParser.TryParse(s, out var percent);
        return expr is null ? new Text(AnswerText.TextKey(s)) : new Scalar(s, expr, percent);
    }

    /// <summary>A set whose members that are themselves sets (<c>1\pm\sqrt5</c>, an or-list) are spread into it.</summary>
    private static Set Flat(IEnumerable<MathAnswer> items) =>
        new(items.SelectMany(i => i is Set inner ? inner.Items : [i]).ToArray());

    /// <summary>Whether the bracket at <paramref name="open"/> closes at <paramref name="close"/> (so the brackets wrap everything).</summary>
    private static bool Matches(string s, int open, int close)
    {
        var depth = 0;
        for (var i = open; i <= close; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is '{' or '}') { i++; if (s[i] == '{') depth++; else depth--; if (depth == 0 && i < close) return false; continue; }
            if (s[i] is '(' or '[' or '{') depth++;
            else if (s[i] is ')' or ']' or '}')
            {
                depth--;
                if (depth == 0 && i < close) return false;
            }
        }
        return depth == 0;
    }

    private static int TopLevelEquals(string s)
    {
        var depth = 0;
        for (var i = s.Length - 1; i >= 0; i--)
        {
            var c = s[i];
            if (c is ')' or ']' or '}') depth++;
            else if (c is '(' or '[' or '{') depth--;
            else if (c == '=' && depth == 0 && (i == 0 || s[i - 1] is not ('<' or '>' or '!'))) return i;
        }
        return -1;
    }

    private static List<string> SplitCommas(string s) => SplitTopLevel(s, CommaSeparator());

    private static List<string> SplitTopLevel(string s, Regex separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (depth == 0)
            {
                var m = separator.Match(s, i);
                if (m.Success && m.Index == i)
                {
                    parts.Add(s[start..i].Trim());
                    start = i + m.Length;
                    i = start - 1;
                }
            }
        }
        parts.Add(s[start..].Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }

    [GeneratedRegex(@"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")]
    private static partial Regex ThousandsNumber();

    [GeneratedRegex(@"\s*,?\s*\b(?:or|and)\b\s*", RegexOptions.IgnoreCase)]
    private static partial Regex OrSeparator();

    [GeneratedRegex(@"\s*\\cup\s*")]
    private static partial Regex CupSeparator();

    [GeneratedRegex(@"\s*[,;]\s*")]
    private static partial Regex CommaSeparator();

    [GeneratedRegex(@"^\\begin\{[pbvB]?matrix\}(?<body>.*)\\end\{[pbvB]?matrix\}$", RegexOptions.Singleline)]
    private static partial Regex Matrix();

    [GeneratedRegex(@"^(?:[A-Za-z](?:_\{?\w+\}?)?|\\[a-z]+|[A-Za-z]\([A-Za-z]\))$")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"<|>|\\le|\\ge|\\lt|\\gt|\\neq")]
    private static partial Regex Inequality();
}
