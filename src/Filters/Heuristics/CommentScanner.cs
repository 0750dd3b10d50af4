namespace YuLanData.Filters.Heuristics;

/// <summary>
/// Finds comment text line by line for one language: line comments, block comments (which may span lines),
/// skipping string literals on the line so that comment markers inside strings are not taken for comments. Python
/// (a language with docstrings) is read by <see cref="PythonLineScanner"/>, which knows its string syntax.
/// </summary>
internal struct CommentScanner(CodeLanguage? language)
{
    private readonly CodeLanguage? _lang = language;
    private readonly PythonLineScanner? _python = language is { Docstrings: true } ? new PythonLineScanner() : null;
    private string? _closeBlock;   // inside a block comment or docstring: its closing marker

    /// <summary>Scans one line: non-space characters inside comments, all non-space characters, and whether any
    /// non-space character is code (outside comments).</summary>
    public (int CommentChars, int NonSpaceChars, bool HasCode) ScanLine(ReadOnlySpan<char> line)
    {
        int comment = 0, nonSpace = 0, pos = 0;
        bool hasCode = false;
        foreach (char c in line)
            if (!char.IsWhiteSpace(c)) nonSpace++;
        if (_lang is null) return (0, nonSpace, nonSpace > 0);
        if (_python is not null)
        {
            var (pyComment, pyCode) = _python.ScanLine(line);
            return (pyComment, nonSpace, pyCode);
        }
        while (pos < line.Length)
        {
            if (_closeBlock is not null)
            {
                int close = line[pos..].IndexOf(_closeBlock, StringComparison.Ordinal);
                int stop = close < 0 ? line.Length : pos + close + _closeBlock.Length;
                comment += NonSpace(line[pos..stop]);
                if (close >= 0) _closeBlock = null;
                pos = stop;
                continue;
            }
            char c = line[pos];
            if (char.IsWhiteSpace(c)) { pos++; continue; }
            var rest = line[pos..];
            bool matched = false;
            foreach (string marker in _lang.LineComments)
                if (rest.StartsWith(marker, StringComparison.Ordinal)) { comment += NonSpace(rest); pos = line.Length; matched = true; break; }
            if (matched) break;
            foreach (var (open, close) in _lang.BlockComments)
                if (rest.StartsWith(open, StringComparison.Ordinal)) { _closeBlock = close; comment += open.Length; pos += open.Length; matched = true; break; }
            if (matched) continue;
            hasCode = true;
            if (c is '"' or '\'' or '`')
            {
                int j = pos + 1;
                while (j < line.Length && line[j] != c) j += line[j] == '\\' ? 2 : 1;
                pos = Math.Min(line.Length, j + 1);
                continue;
            }
            pos++;
        }
        return (comment, nonSpace, hasCode);
    }

    private static int NonSpace(ReadOnlySpan<char> s)
    {
        int n = 0;
        foreach (char c in s)
            if (!char.IsWhiteSpace(c)) n++;
        return n;
    }
}
