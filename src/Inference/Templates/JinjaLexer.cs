using System.Globalization;
using System.Text;

namespace YuLanData.Inference.Templates;

/// <summary>Kinds of template tokens.</summary>
internal enum JinjaTokenKind { Text, Name, String, Integer, Float, Operator, OpenExpression, CloseExpression, OpenStatement, CloseStatement, End }

/// <summary>One template token; <see cref="Line"/> is 1-based in the template, for errors.</summary>
internal readonly record struct JinjaToken(JinjaTokenKind Kind, string Value, int Line);

/// <summary>
/// Splits a chat template into text and tag tokens with the whitespace rules chat templates are rendered with
/// (transformers and @huggingface/jinja): <c>trim_blocks</c> (the newline after a block tag is dropped),
/// <c>lstrip_blocks</c> (spaces and tabs before a block tag on its line are dropped) and the <c>-</c> markers.
/// </summary>
internal static class JinjaLexer
{
    private static readonly string[] Operators =
        ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "="];

    /// <summary>Tokenizes <paramref name="source"/>.</summary>
    /// <exception cref="FormatException">An unterminated tag or string, or an unknown character; the message names the line.</exception>
    public static List<JinjaToken> Tokenize(string source)
    {
        var tokens = new List<JinjaToken>();
        var i = 0;
        var line = 1;
        var trimNextLeading = false; // a '-' closed the previous tag
        var dropNextNewline = false; // trim_blocks after a block tag
        while (i < source.Length)
        {
            var open = FindTagOpen(source, i);
            var textEnd = open < 0 ? source.Length : open;
            var text = source[i..textEnd];
            if (dropNextNewline && text.StartsWith('\n')) text = text[1..];
            else if (dropNextNewline && text.StartsWith("\r\n")) text = text[2..];
            if (trimNextLeading) text = text.TrimStart();
            var tagKind = open < 0 ? '\0' : source[open + 1];
            var trimBefore = open >= 0 && open + 2 < source.Length && source[open + 2] == '-';
            if (trimBefore) text = text.TrimEnd();
            else if (tagKind is '%' or '#') text = StripLineIndent(text);
            if (text.Length > 0) tokens.Add(new JinjaToken(JinjaTokenKind.Text, text, line));
            line += CountNewlines(source, i, textEnd);
            if (open < 0) break;
            var close = tagKind switch { '{' => "}}", '%' => "%}", _ => "#}" };
            var start = open + 2 + (trimBefore ? 1 : 0);
            var end = source.IndexOf(close, start, StringComparison.Ordinal);
            if (tagKind != '#') end = FindClose(source, start, close, line);
            if (end < 0) throw new FormatException($"template line {line}: unterminated '{{{tagKind}' tag");
            var trimAfter = end > start && source[end - 1] == '-';
            var inner = source[start..(trimAfter ? end - 1 : end)];
            if (tagKind != '#')
            {
                tokens.Add(new JinjaToken(tagKind == '{' ? JinjaTokenKind.OpenExpression : JinjaTokenKind.OpenStatement, "", line));
                TokenizeExpression(inner, line, tokens);
                tokens.Add(new JinjaToken(tagKind == '{' ? JinjaTokenKind.CloseExpression : JinjaTokenKind.CloseStatement, "", line));
            }
            line += CountNewlines(source, open, end);
            trimNextLeading = trimAfter;
            dropNextNewline = tagKind is '%' or '#';
            i = end + close.Length;
        }
        tokens.Add(new JinjaToken(JinjaTokenKind.End, "", line));
        return tokens;
    }

    private static int FindTagOpen(string s, int from)
    {
        for (var i = s.IndexOf('{', from); i >= 0 && i + 1 < s.Length; i = s.IndexOf('{', i + 1))
            if (s[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    // The close of an expression or statement tag, skipping string literals that may contain it.
    private static int FindClose(string s, int from, string close, int line)
    {
        for (var i = from; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '\'' or '"')
            {
                i++;
                while (i < s.Length && s[i] != c) i += s[i] == '\\' ? 2 : 1;
                if (i >= s.Length) throw new FormatException($"template line {line}: unterminated string");
            }
            else if (string.CompareOrdinal(s, i, close, 0, 2) == 0) return i;
        }
        return -1;
    }

    // lstrip_blocks: spaces and tabs between the last newline (or the start) and a block tag are dropped.
    private static string StripLineIndent(string text)
    {
        var k = text.Length;
        while (k > 0 && text[k - 1] is ' ' or '\t') k--;
        return k == 0 || text[k - 1] == '\n' ? text[..k] : text;
    }

    private static int CountNewlines(string s, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to; i++) if (s[i] == '\n') n++;
        return n;
    }

    private static void TokenizeExpression(string s, int line, List<JinjaToken> tokens)
    {
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\n') { line++; i++; continue; }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsLetter(c) || c == '_')
            {
                var j = i;
                while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
                tokens.Add(new JinjaToken(JinjaTokenKind.Name, s[i..j], line));
                i = j;
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var j = i;
                while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
                var isFloat = j + 1 < s.Length && s[j] == '.' && char.IsAsciiDigit(s[j + 1]);
                if (isFloat) { j++; while (j < s.Length && char.IsAsciiDigit(s[j])) j++; }
                tokens.Add(new JinjaToken(isFloat ? JinjaTokenKind.Float : JinjaTokenKind.Integer, s[i..j], line));
                i = j;
                continue;
            }
            if (c is '\'' or '"')
            {
                var sb = new StringBuilder();
                var j = i + 1;
                for (; j < s.Length && s[j] != c; j++)
                {
                    if (s[j] != '\\' || j + 1 >= s.Length) { sb.Append(s[j]); continue; }
                    j++;
                    sb.Append(s[j] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => s[j] });
                }
                if (j >= s.Length) throw new FormatException($"template line {line}: unterminated string");
                tokens.Add(new JinjaToken(JinjaTokenKind.String, sb.ToString(), line));
                i = j + 1;
                continue;
            }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(s, i, o, 0, o.Length) == 0)
                ?? throw new FormatException($"template line {line}: unexpected character '{c}'");
            tokens.Add(new JinjaToken(JinjaTokenKind.Operator, op, line));
            i += op.Length;
        }
    }

    /// <summary>Parses an integer or float literal token.</summary>
    public static object Number(JinjaToken t) => t.Kind == JinjaTokenKind.Integer
        ? (object)long.Parse(t.Value, CultureInfo.InvariantCulture)
        : double.Parse(t.Value, CultureInfo.InvariantCulture);
}
