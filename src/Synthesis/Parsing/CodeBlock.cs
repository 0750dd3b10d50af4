namespace YuLanData.Synthesis.Parsing;

/// <summary>Extracts fenced code (<c>```python ... ```</c>) from model output.</summary>
public static class CodeBlock
{
    /// <summary>
    /// The first fenced block (any language tag) in <paramref name="text"/>; when the text has no fence at all, the
    /// whole text. Null when a fence is opened and never closed (truncated or malformed).
    /// </summary>
    public static string? Extract(string text)
    {
        var open = text.IndexOf("```", StringComparison.Ordinal);
        if (open < 0) return text;
        var lineEnd = text.IndexOf('\n', open);
        if (lineEnd < 0) return null;
        var close = text.IndexOf("```", lineEnd + 1, StringComparison.Ordinal);
        if (close < 0) return null;
        return text[(lineEnd + 1)..close];
    }
}
