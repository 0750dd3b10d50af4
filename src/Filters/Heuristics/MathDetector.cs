namespace YuLanData.Filters.Heuristics;

/// <summary>
/// Decides whether a document is rich in LaTeX/formulas, for the filters' math-aware mode. Such documents are
/// exempt from the rules that count symbols, punctuation or line shapes (Gopher: mean word length, '#' ratio,
/// alphabetic-word ratio; C4: curly brackets, terminal punctuation; FineWeb: line punctuation, short lines,
/// newline/word ratio), because formulas break those proxies; FineWeb's duplicate-line rule ignores pure markup
/// lines (<see cref="IsMarkupLine"/>) such as <c>\end{proof}</c>. Repetition rules still apply.
/// </summary>
/// <remarks>
/// A math marker is one of: a <c>$</c> or <c>$$</c> delimiter pair on one line around text with no space right
/// inside it, <c>\(</c>, <c>\[</c>, <c>\begin{</c>, or a backslash command from a list of common math commands
/// (<c>\frac \sum \int \alpha \mathbb \cdot \leq</c> …). The document is math-rich when it has at least
/// <see cref="MinMarkers"/> markers and at least <see cref="MinMarkersPer1000Chars"/> markers per 1,000 characters.
/// </remarks>
public static class MathDetector
{
    /// <summary>Fewest markers for a math-rich document.</summary>
    public const int MinMarkers = 5;

    /// <summary>Fewest markers per 1,000 characters for a math-rich document.</summary>
    public const double MinMarkersPer1000Chars = 2.0;

    private static readonly string[] Commands =
    [
        "frac", "dfrac", "tfrac", "sum", "prod", "int", "oint", "lim", "sqrt", "alpha", "beta", "gamma", "delta", "epsilon",
        "varepsilon", "theta", "lambda", "mu", "sigma", "omega", "pi", "phi", "psi", "mathbb", "mathcal", "mathrm", "mathbf",
        "mathsf", "mathfrak", "operatorname", "cdot", "cdots", "ldots", "times", "leq", "geq", "le", "ge", "neq", "equiv",
        "approx", "infty", "partial", "nabla", "forall", "exists", "in", "notin", "subset", "subseteq", "cup", "cap", "to",
        "mapsto", "rightarrow", "Rightarrow", "leftrightarrow", "iff", "left", "right", "binom", "pmatrix", "bmatrix",
        "vec", "hat", "bar", "tilde", "overline", "underline", "log", "ln", "sin", "cos", "tan", "exp", "det", "deg",
        "label", "eqref", "circ", "prime", "emptyset", "langle", "rangle", "otimes", "oplus", "star", "ast", "vdash",
        "defeq", "jdeq", "id", "refl", "idtypevar", "Vert", "vert", "mid",
    ];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CommandLookup =
        new HashSet<string>(Commands, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Counts math markers in <paramref name="text"/>.</summary>
    /// <param name="text">The document text.</param>
    public static int CountMarkers(ReadOnlySpan<char> text)
    {
        int markers = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                char n = text[i + 1];
                if (n is '(' or '[') { markers++; i++; continue; }
                int j = i + 1;
                while (j < text.Length && char.IsAsciiLetter(text[j])) j++;
                if (j > i + 1)
                {
                    var name = text[(i + 1)..j];
                    if (name.SequenceEqual("begin") || CommandLookup.Contains(name)) markers++;
                    i = j - 1;
                }
            }
            else if (c == '$')
            {
                int open = i + 1 < text.Length && text[i + 1] == '$' ? 2 : 1;
                int bodyStart = i + open;
                if (bodyStart >= text.Length || PyTextIsSpace(text[bodyStart])) continue;
                int close = text[bodyStart..].IndexOfAny('$', '\n');
                if (close <= 0 || text[bodyStart + close] != '$' || PyTextIsSpace(text[bodyStart + close - 1])) continue;
                markers++;
                i = bodyStart + close + open - 1;
            }
        }
        return markers;
    }

    /// <summary>True when <paramref name="text"/> is math-rich (see the type remarks).</summary>
    /// <param name="text">The document text.</param>
    public static bool IsMathRich(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return false;
        int markers = CountMarkers(text);
        return markers >= MinMarkers && markers * 1000.0 / text.Length >= MinMarkersPer1000Chars;
    }

    /// <summary>True when <paramref name="line"/> is only LaTeX markup: commands with their {…}/[…] arguments
    /// (<c>\end{proof}</c>, <c>\label{x}</c>), <c>\[ \] \( \) \\</c>, braces, <c>&amp;</c>, <c>$</c>, and an optional
    /// trailing <c>%</c> comment. Such lines repeat by construction in LaTeX sources, so math-aware duplicate-line
    /// rules do not count them.</summary>
    /// <param name="line">One line.</param>
    public static bool IsMarkupLine(ReadOnlySpan<char> line)
    {
        var s = Text.PyText.Strip(line);
        if (s.IsEmpty) return false;
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (PyTextIsSpace(c)) { i++; continue; }
            if (c == '%') return true;
            if (c is '{' or '}' or '&' or '$') { i++; continue; }
            if (c != '\\' || i + 1 >= s.Length) return false;
            char n = s[i + 1];
            if (n is '[' or ']' or '(' or ')' or '\\' or ',' or ';' or '!') { i += 2; continue; }
            if (!char.IsAsciiLetter(n)) return false;
            i += 2;
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            if (i < s.Length && s[i] == '*') i++;
            while (i < s.Length && s[i] is '{' or '[')
            {
                char open = s[i], close = open == '{' ? '}' : ']';
                int depth = 0;
                while (i < s.Length)
                {
                    if (s[i] == open) depth++;
                    else if (s[i] == close && --depth == 0) break;
                    i++;
                }
                if (i >= s.Length) return false;
                i++;
            }
        }
        return true;
    }

    private static bool PyTextIsSpace(char c) => Text.PyText.IsSpace(c);
}
