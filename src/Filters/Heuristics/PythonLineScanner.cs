namespace YuLanData.Filters.Heuristics;

/// <summary>
/// Finds comment text in Python source line by line, reading string literals as Python does: prefixes
/// (<c>r</c>, <c>b</c>, <c>u</c>, <c>f</c>, <c>t</c> and their pairs, any case), single- and triple-quoted strings
/// spanning lines, backslash escapes, and f-string replacement fields holding nested strings and quotes
/// (<c>f"{d["key"]}"</c>). A triple-quoted string that starts a statement (nothing before it on the line, outside
/// brackets, not after a backslash continuation) is a docstring and counts as comment; every other string is code,
/// so <c>usage = """..."""</c> and its lines are code. <c>#</c> outside strings starts a comment.
/// </summary>
internal sealed class PythonLineScanner
{
    private string? _openString;     // inside a string that continues on the next line: its closing quote(s)
    private bool _openIsDocstring;   // ... and whether that string is a docstring
    private int _brackets;           // open ( [ { outside strings
    private bool _continued;         // the previous line ended with a backslash outside strings

    /// <summary>Scans one line: non-space characters inside comments or docstrings, and whether any non-space character is code.</summary>
    public (int CommentChars, bool HasCode) ScanLine(ReadOnlySpan<char> line)
    {
        int comment = 0, pos = 0;
        bool hasCode = false;
        bool statementStart = _brackets == 0 && !_continued;
        _continued = false;
        if (_openString is not null)
        {
            int end = FindClose(line, 0, _openString, isFormat: false);
            int stop = end < 0 ? line.Length : end;
            if (_openIsDocstring) comment += NonSpace(line[..stop]);
            else hasCode |= NonSpace(line[..stop]) > 0;
            if (end >= 0) _openString = null;
            pos = stop;
            statementStart = false;
        }
        while (pos < line.Length)
        {
            char c = line[pos];
            if (char.IsWhiteSpace(c)) { pos++; continue; }
            if (c == '#') { comment += NonSpace(line[pos..]); break; }
            if (c == '\\' && pos == line.Length - 1) { _continued = true; hasCode = true; break; }
            int prefixEnd = pos;
            while (prefixEnd < line.Length && (char.IsLetterOrDigit(line[prefixEnd]) || line[prefixEnd] == '_')) prefixEnd++;
            if (prefixEnd < line.Length && line[prefixEnd] is '"' or '\'' && IsStringPrefix(line[pos..prefixEnd]))
            {
                bool isFormat = line[pos..prefixEnd].IndexOfAny("fFtT") >= 0;
                int quoteStart = prefixEnd;
                string quote = line[quoteStart..].StartsWith("\"\"\"") ? "\"\"\"" : line[quoteStart..].StartsWith("'''") ? "'''" : line[quoteStart].ToString();
                bool docstring = quote.Length == 3 && !hasCode && statementStart;
                int end = FindClose(line, quoteStart + quote.Length, quote, isFormat);
                int stop = end < 0 ? line.Length : end;
                if (docstring) comment += NonSpace(line[pos..stop]);
                else hasCode = true;
                if (end < 0 && quote.Length == 3)
                {
                    _openString = quote;
                    _openIsDocstring = docstring;
                }
                pos = stop;
                continue;
            }
            hasCode = true;
            if (prefixEnd > pos) { pos = prefixEnd; continue; }
            if (c is '(' or '[' or '{') _brackets++;
            else if (c is ')' or ']' or '}') _brackets = Math.Max(0, _brackets - 1);
            pos++;
        }
        return (comment, hasCode);
    }

    /// <summary>The position just after the closing <paramref name="quote"/> of a string whose text starts at
    /// <paramref name="from"/>, or -1 when it does not close on this line.</summary>
    private static int FindClose(ReadOnlySpan<char> line, int from, string quote, bool isFormat)
    {
        int i = from;
        while (i < line.Length)
        {
            char c = line[i];
            if (c == '\\') { i += 2; continue; }
            if (line[i..].StartsWith(quote, StringComparison.Ordinal)) return i + quote.Length;
            if (isFormat && c == '{')
            {
                if (i + 1 < line.Length && line[i + 1] == '{') { i += 2; continue; }
                int end = SkipReplacementField(line, i + 1);
                if (end < 0) return -1;
                i = end;
                continue;
            }
            i++;
        }
        return -1;
    }

    /// <summary>Skips an f-string replacement field from just after its <c>{</c>: nested brackets and strings (which
    /// may use the enclosing quote, as Python 3.12 allows). Returns the position after its <c>}</c>, or -1.</summary>
    private static int SkipReplacementField(ReadOnlySpan<char> line, int from)
    {
        int depth = 0, i = from;
        while (i < line.Length)
        {
            char c = line[i];
            if (c is '"' or '\'')
            {
                int prefixStart = i;
                while (prefixStart > from && char.IsLetter(line[prefixStart - 1])) prefixStart--;
                bool isFormat = line[prefixStart..i].IndexOfAny("fFtT") >= 0;
                string quote = line[i..].StartsWith("\"\"\"") ? "\"\"\"" : line[i..].StartsWith("'''") ? "'''" : c.ToString();
                int end = FindClose(line, i + quote.Length, quote, isFormat);
                if (end < 0) return -1;
                i = end;
                continue;
            }
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == '}')
            {
                if (depth == 0) return i + 1;
                depth--;
            }
            i++;
        }
        return -1;
    }

    /// <summary>Python's string prefixes: empty, or one or two of r, u, b, f, t in any case (u alone).</summary>
    private static bool IsStringPrefix(ReadOnlySpan<char> word)
    {
        if (word.Length == 0) return true;
        if (word.Length > 2) return false;
        Span<char> lower = stackalloc char[2];
        int n = word.ToLowerInvariant(lower);
        return lower[..n] switch
        {
            "r" or "u" or "b" or "f" or "t" => true,
            "br" or "rb" or "fr" or "rf" or "tr" or "rt" => true,
            _ => false,
        };
    }

    private static int NonSpace(ReadOnlySpan<char> s)
    {
        int n = 0;
        foreach (char c in s)
            if (!char.IsWhiteSpace(c)) n++;
        return n;
    }
}
