using System.Text;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Latex;

/// <summary>
/// Removes formulas and LaTeX markup from a math-rich text so that repetition statistics see only its prose. In
/// mathematics, repeated symbols, aligned equations (<c>&amp;</c> columns, <c>\\</c>), environment lines
/// (<c>\begin{proof}</c>, <c>\end{lemma}</c>), repeated <c>\item</c> and the same formula quoted again are how the text is
/// written, not boilerplate; Gopher's word n-gram rules count them as duplicated n-grams (a Stacks Project section on
/// the Poincaré lemma dropped for <c>duplicated_5_n_grams</c>).
/// </summary>
/// <remarks>Removed: <c>$…$</c>, <c>$$…$$</c>, <c>\(…\)</c>, <c>\[…\]</c>, math environments (equation, align, gather,
/// multline, eqnarray, displaymath, array, matrices, tikzcd, xy, and their starred forms) whole; every other command
/// name; the arguments of structural commands (<c>\begin \end \label \ref \cite \item \index \section</c> …); braces
/// and <c>&amp;</c>. Lines left blank are emptied, so paragraph and line splits see only prose lines. Arguments of
/// other commands stay (<c>\emph{word}</c> keeps "word").</remarks>
public static class MathSpanMasker
{
    private static readonly HashSet<string> MathEnvironments = new(StringComparer.Ordinal)
    {
        "equation", "align", "alignat", "flalign", "gather", "multline", "eqnarray", "displaymath", "math", "split", "aligned",
        "gathered", "array", "matrix", "pmatrix", "bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases", "tikzcd", "xy",
        "xymatrix", "diagram", "CD",
    };

    private static readonly HashSet<string> StructuralCommands = new(StringComparer.Ordinal)
    {
        "begin", "end", "label", "ref", "eqref", "cref", "Cref", "autoref", "pageref", "cite", "citep", "citet", "nocite",
        "item", "index", "indexsee", "section", "subsection", "subsubsection", "chapter", "paragraph", "input", "include",
        "usepackage", "hyperref", "href", "url", "footnote", "bibitem",
    };

    /// <summary>The masked text when <paramref name="text"/> is math-rich (<see cref="MathDetector.IsMathRich"/>),
    /// else <paramref name="text"/> itself, so ordinary web text is measured exactly as before.</summary>
    /// <param name="text">The document text.</param>
    /// <param name="unwrapLines">Also join the lines of each paragraph with spaces (see <see cref="Mask"/>).</param>
    public static string MaskIfMathRich(string text, bool unwrapLines = false) => MathDetector.IsMathRich(text) ? Mask(text, unwrapLines) : text;

    /// <summary>Removes formulas and markup (see the type remarks) from <paramref name="text"/>.</summary>
    /// <param name="text">LaTeX or Markdown-with-LaTeX text.</param>
    /// <param name="unwrapLines">Join the lines of each paragraph (blank-line separated) with spaces, as LaTeX reads a
    /// single newline: hard-wrapped sources then have one line per paragraph for line-based rules.</param>
    public static string Mask(string text, bool unwrapLines = false)
    {
        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                char n = text[i + 1];
                if (n == '[' || n == '(')
                {
                    int close = text.IndexOf(n == '[' ? "\\]" : "\\)", i + 2, StringComparison.Ordinal);
                    i = Formula(sb, text, i, close < 0 ? text.Length : close + 2);
                    continue;
                }
                if (!char.IsAsciiLetter(n))
                {
                    i += 2; // \\, \%, \{, \, ...
                    sb.Append(' ');
                    continue;
                }
                int j = i + 1;
                while (j < text.Length && char.IsAsciiLetter(text[j])) j++;
                string name = text[(i + 1)..j];
                if (j < text.Length && text[j] == '*') j++;
                if (name == "begin" && TryArgument(text, j, out string env, out int afterEnv) && MathEnvironments.Contains(env.TrimEnd('*')))
                {
                    int end = text.IndexOf("\\end{" + env + "}", afterEnv, StringComparison.Ordinal);
                    i = Formula(sb, text, i, end < 0 ? text.Length : end + 6 + env.Length);
                    continue;
                }
                if (StructuralCommands.Contains(name))
                    j = SkipArguments(text, j);
                i = Removed(sb, text, i, j);
                continue;
            }
            if (c == '$')
            {
                bool display = i + 1 < text.Length && text[i + 1] == '$';
                int close = text.IndexOf(display ? "$$" : "$", i + (display ? 2 : 1), StringComparison.Ordinal);
                if (close >= 0)
                {
                    i = Formula(sb, text, i, close + (display ? 2 : 1));
                    continue;
                }
            }
            sb.Append(c is '{' or '}' or '&' or '~' ? ' ' : c);
            i++;
        }
        string masked = EmptyBlankLines(sb.ToString());
        return unwrapLines ? Unwrap(masked) : masked;
    }

    // A formula becomes one word naming its content ("mathqbxk"): the same formula is the same word, different
    // formulas are different words, so prose around them is not merged into repeats ("Let $X$ be a scheme" and
    // "Let $M$ be a module" share no 5-gram), and the formula's symbols are not counted as words.
    private static int Formula(StringBuilder sb, string text, int start, int end)
    {
        ulong h = System.IO.Hashing.XxHash3.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan(start, end - start)));
        sb.Append(" math");
        for (int k = 0; k < 4; k++, h /= 26) sb.Append((char)('a' + (int)(h % 26)));
        int newlines = text.AsSpan(start, end - start).Count('\n');
        sb.Append(newlines == 0 ? " " : new string('\n', newlines));
        return end;
    }

    // Appends what stands for text[start, end): its newlines, or one space.
    private static int Removed(StringBuilder sb, string text, int start, int end)
    {
        int newlines = text.AsSpan(start, end - start).Count('\n');
        if (newlines == 0) sb.Append(' ');
        else sb.Append('\n', newlines);
        return end;
    }

    private static bool TryArgument(string text, int at, out string argument, out int after)
    {
        argument = "";
        after = at;
        if (at >= text.Length || text[at] != '{') return false;
        int close = text.IndexOf('}', at + 1);
        if (close < 0 || close - at > 40) return false;
        argument = text[(at + 1)..close];
        after = close + 1;
        return true;
    }

    // Skips the {…} and […] arguments right after a command (balanced, at most 8).
    private static int SkipArguments(string text, int at)
    {
        for (int k = 0; k < 8 && at < text.Length && text[at] is '{' or '['; k++)
        {
            char open = text[at], close = open == '{' ? '}' : ']';
            int depth = 0, p = at;
            for (; p < text.Length; p++)
            {
                if (text[p] == open) depth++;
                else if (text[p] == close && --depth == 0) break;
            }
            if (p >= text.Length) return at;
            at = p + 1;
        }
        return at;
    }

    private static string EmptyBlankLines(string masked)
    {
        var lines = masked.Split('\n');
        for (int k = 0; k < lines.Length; k++)
        {
            var t = lines[k].AsSpan().Trim();
            lines[k] = t.IsEmpty || IsPunctuationOnly(t) ? "" : t.ToString();
        }
        return string.Join('\n', lines);
    }

    private static string Unwrap(string masked)
    {
        var paragraphs = masked.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder(masked.Length);
        foreach (string p in paragraphs)
        {
            string joined = string.Join(' ', p.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (joined.Length == 0) continue;
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append(joined);
        }
        return sb.ToString();
    }

    // what is left of "\[ x \]." or "$a$, $b$" after masking: only punctuation
    private static bool IsPunctuationOnly(ReadOnlySpan<char> line)
    {
        foreach (char ch in line)
            if (char.IsLetterOrDigit(ch)) return false;
        return true;
    }
}
