namespace YuLanData.Synthesis.Parsing;

/// <summary>Finds <c>\boxed{...}</c> (and <c>\fbox{...}</c>) answers, with nested braces.</summary>
public static class BoxedAnswer
{
    /// <summary>The content of the last complete <c>\boxed{}</c> in <paramref name="text"/>, or null when there is none
    /// (an unbalanced last box counts as none).</summary>
    public static string? Last(string text)
    {
        var all = All(text);
        return all.Count == 0 ? null : all[^1];
    }

    /// <summary>Contents of every complete box, in order of appearance.</summary>
    public static IReadOnlyList<string> All(string text)
    {
        var result = new List<string>();
        var at = 0;
        while (true)
        {
            var b = text.IndexOf("\\boxed", at, StringComparison.Ordinal);
            var f = text.IndexOf("\\fbox", at, StringComparison.Ordinal);
            var start = b < 0 ? f : f < 0 ? b : Math.Min(b, f);
            if (start < 0) return result;
            var open = start + (start == b ? 6 : 5);
            while (open < text.Length && text[open] == ' ') open++;
            if (open >= text.Length || text[open] != '{')
            {
                at = open;
                continue;
            }
            var depth = 0;
            var close = -1;
            for (var i = open; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length && text[i + 1] is '{' or '}')
                {
                    i++;
                    continue;
                }
                if (c == '{') depth++;
                else if (c == '}' && --depth == 0)
                {
                    close = i;
                    break;
                }
            }
            if (close < 0) return result;
            result.Add(text[(open + 1)..close].Trim());
            at = close + 1;
        }
    }
}
