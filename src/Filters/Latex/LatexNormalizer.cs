using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Filters.Latex;

/// <summary>
/// Cleans LaTeX sources for pretraining as the RedPajama/Proof-Pile arXiv processing does, as a pure text algorithm:
/// comments, preamble and <c>\end{document}</c> tail, boilerplate command lines (<c>\input</c>, <c>\usepackage</c>,
/// macro definitions, <c>\maketitle</c> …), labels, index entries, references and citations, and the bibliography.
/// Mathematics and prose are left as they are.
/// </summary>
public sealed partial class LatexNormalizer(LatexNormalizerOptions options)
{
    private static readonly string[] BoilerplateCommands =
    [
        "input", "include", "includeonly", "usepackage", "RequirePackage", "documentclass", "newcommand", "renewcommand",
        "providecommand", "newenvironment", "renewenvironment", "newtheorem", "theoremstyle", "def", "let", "DeclareMathOperator",
        "maketitle", "tableofcontents", "listoffigures", "listoftables", "phantomsection", "clearpage", "cleardoublepage",
        "newpage", "pagebreak", "noindent", "pagestyle", "thispagestyle", "setcounter", "addtocounter", "setlength",
        "vspace", "vskip", "hspace", "medskip", "smallskip", "bigskip", "makeatletter", "makeatother", "frontmatter",
        "mainmatter", "backmatter", "appendix", "centering", "bibliographystyle", "bibliography", "printbibliography",
        "printindex", "date", "ifx", "fi", "else", "newif",
    ];

    private static readonly string[] ReferenceCommands =
    [
        "label", "index", "indexsee", "ref", "eqref", "cref", "Cref", "autoref", "pageref", "cite", "citep", "citet", "nocite",
        "citealp", "citeauthor",
    ];

    private static readonly HashSet<string> Boilerplate = new(BoilerplateCommands, StringComparer.Ordinal);
    private static readonly HashSet<string> References = new(ReferenceCommands, StringComparer.Ordinal);

    [GeneratedRegex(@"\\begin\{thebibliography\}.*?(\\end\{thebibliography\}|\z)", RegexOptions.Singleline)]
    private static partial Regex BibliographyEnvironment();

    [GeneratedRegex(@"\n[ \t]*(\n[ \t]*)+\n")]
    private static partial Regex BlankRuns();

    private static readonly string[] SourceMarkers =
    [
        "\\begin{", "\\section", "\\subsection", "\\chapter", "\\documentclass", "\\usepackage", "\\label{", "\\input{",
        "\\include{", "\\newcommand", "\\item ", "\\bibliography", "\\index{",
    ];

    /// <summary>True when <paramref name="text"/> is LaTeX source (has an environment, sectioning, package, label, input or
    /// macro-definition command), not text that merely quotes formulas.</summary>
    /// <param name="text">The document text.</param>
    public static bool LooksLikeLatexSource(string text)
    {
        foreach (string m in SourceMarkers)
            if (text.Contains(m, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The cleaned text of one LaTeX document or section.</summary>
    /// <param name="text">LaTeX source.</param>
    public string Normalize(string text)
    {
        text = text.Replace("\r\n", "\n");
        if (options.RemoveComments) text = RemoveComments(text);
        if (options.RemovePreamble)
        {
            int begin = text.IndexOf("\\begin{document}", StringComparison.Ordinal);
            if (begin >= 0) text = text[(begin + "\\begin{document}".Length)..];
            int end = text.IndexOf("\\end{document}", StringComparison.Ordinal);
            if (end >= 0) text = text[..end];
        }
        if (options.RemoveBibliography) text = BibliographyEnvironment().Replace(text, "");
        if (options.RemoveBoilerplate || options.RemoveLabelsAndReferences || options.RemoveBibliography) text = RemoveCommands(text);
        if (options.CollapseBlankLines) text = BlankRuns().Replace(text, "\n\n").Trim();
        return text;
    }

    /// <summary>Removes unescaped <c>%</c> comments; a line that held only a comment is removed with its newline.</summary>
    /// <param name="text">LaTeX source.</param>
    public static string RemoveComments(string text)
    {
        var sb = new StringBuilder(text.Length);
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl;
            var line = text.AsSpan(start, end - start);
            int pct = CommentStart(line);
            if (pct < 0) sb.Append(line);
            else if (!line[..pct].IsWhiteSpace()) sb.Append(line[..pct].TrimEnd());
            else
            {
                start = end + 1; // whole-line comment: the line goes
                continue;
            }
            if (nl >= 0) sb.Append('\n');
            start = end + 1;
        }
        return sb.ToString();
    }

    // Index of the first '%' preceded by an even number of backslashes, or -1.
    private static int CommentStart(ReadOnlySpan<char> line)
    {
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] != '%') continue;
            int slashes = 0;
            for (int k = i - 1; k >= 0 && line[k] == '\\'; k--) slashes++;
            if (slashes % 2 == 0) return i;
        }
        return -1;
    }

    // Removes reference commands with their arguments anywhere, and lines made only of boilerplate commands.
    private string RemoveCommands(string text)
    {
        var lines = text.Split('\n');
        var sb = new StringBuilder(text.Length);
        for (int k = 0; k < lines.Length; k++)
        {
            string line = lines[k];
            if (options.RemoveLabelsAndReferences && line.Contains('\\')) line = RemoveReferences(line);
            if (options.RemoveBoilerplate && IsBoilerplateLine(line, lines, ref k)) continue;
            sb.Append(line);
            if (k < lines.Length - 1) sb.Append('\n');
        }
        return sb.ToString();
    }

    private string RemoveReferences(string line)
    {
        var sb = new StringBuilder(line.Length);
        int i = 0;
        bool removed = false;
        while (i < line.Length)
        {
            if (line[i] == '\\' && i + 1 < line.Length && char.IsAsciiLetter(line[i + 1]))
            {
                int j = i + 1;
                while (j < line.Length && char.IsAsciiLetter(line[j])) j++;
                string name = line[(i + 1)..j];
                if (j < line.Length && line[j] == '*') j++;
                if (References.Contains(name) && j < line.Length && line[j] is '{' or '[')
                {
                    int after = SkipArguments(line, j);
                    if (after > j)
                    {
                        // "Lemma~\ref{x}" -> "Lemma": drop the tie and the space before the reference
                        while (sb.Length > 0 && sb[^1] is '~' or ' ' && (name is not "label" and not "index" and not "indexsee")) sb.Length--;
                        i = after;
                        removed = true;
                        continue;
                    }
                }
                sb.Append(line, i, j - i);
                i = j;
                continue;
            }
            sb.Append(line[i]);
            i++;
        }
        string result = sb.ToString();
        // a line that held only a label or index entry disappears (returned empty and removed by the caller)
        return removed && string.IsNullOrWhiteSpace(result) ? "\u0000" : result;
    }

    private static bool IsBoilerplateLine(string line, string[] lines, ref int k)
    {
        if (line == "\u0000") return true;
        var t = line.AsSpan().Trim();
        if (t.IsEmpty || t[0] != '\\') return false;
        int i = 0;
        while (i < t.Length)
        {
            while (i < t.Length && char.IsWhiteSpace(t[i])) i++;
            if (i >= t.Length) break;
            if (t[i] != '\\' || i + 1 >= t.Length || !char.IsAsciiLetter(t[i + 1])) return false;
            int j = i + 1;
            while (j < t.Length && char.IsAsciiLetter(t[j])) j++;
            if (!Boilerplate.Contains(t[(i + 1)..j].ToString())) return false;
            if (j < t.Length && t[j] == '*') j++;
            int after = SkipArgumentsAcrossLines(t.ToString(), j, lines, ref k, out bool spilled);
            if (spilled) return true;
            i = after;
        }
        return true;
    }

    // A \newcommand whose braces do not close on its line continues on the next lines: consume them too.
    private static int SkipArgumentsAcrossLines(string line, int at, string[] lines, ref int k, out bool spilled)
    {
        spilled = false;
        int after = SkipArguments(line, at);
        if (after < line.Length && line[after] is '{' or '[')
        {
            int depth = 0;
            foreach (char c in line.AsSpan(after)) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            while (depth > 0 && k + 1 < lines.Length && k < lines.Length)
            {
                k++;
                foreach (char c in lines[k]) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            spilled = true;
        }
        return after;
    }

    // Skips balanced {…}/[…] arguments; returns the index after the last complete one (at itself when none closes).
    private static int SkipArguments(string text, int at)
    {
        while (at < text.Length)
        {
            // "\def\foo{…}": a macro name directly after \def
            if (text[at] == '\\' && at + 1 < text.Length && char.IsAsciiLetter(text[at + 1]))
            {
                int j = at + 1;
                while (j < text.Length && char.IsAsciiLetter(text[j])) j++;
                at = j;
                continue;
            }
            if (text[at] is not '{' and not '[') break;
            char open = text[at], close = open == '{' ? '}' : ']';
            int depth = 0, p = at;
            for (; p < text.Length; p++)
            {
                if (text[p] == '\\') { p++; continue; }
                if (text[p] == open) depth++;
                else if (text[p] == close && --depth == 0) break;
            }
            if (p >= text.Length) return at;
            at = p + 1;
        }
        return at;
    }
}
