namespace YuLanData.Synthesis.Parsing;

/// <summary>
/// Splits a completion into <c>[Name]</c> sections. A section header is a line that is exactly <c>[Name]</c>
/// (surrounding whitespace allowed) or starts with it; its content runs to the next header. Text before the
/// first header is ignored.
/// </summary>
public static class SectionParser
{
    /// <summary>Parses <paramref name="text"/> into the <paramref name="expected"/> sections, in that order.</summary>
    /// <param name="text">The completion.</param>
    /// <param name="expected">Section names that must each appear exactly once, in this order, with non-empty content.</param>
    /// <returns>The trimmed contents, or the reject reason (<c>missing_section:Name</c>, <c>duplicate_section:Name</c>,
    /// <c>section_order</c>, <c>empty_section:Name</c>, <c>unexpected_section:Name</c>).</returns>
    public static ParseResult<IReadOnlyDictionary<string, string>> Parse(string text, IReadOnlyList<string> expected)
    {
        var found = new List<(string Name, int HeaderStart, int ContentStart)>();
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var end = text.IndexOf('\n', lineStart);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(lineStart, end - lineStart);
            var trimmed = line.TrimStart();
            if (trimmed.Length > 2 && trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']');
                if (close > 1 && IsName(trimmed[1..close]))
                {
                    var consumed = line.Length - trimmed.Length + close + 1;
                    found.Add((trimmed[1..close].ToString(), lineStart, lineStart + consumed));
                }
            }
            lineStart = end + 1;
        }
        foreach (var f in found)
            if (!expected.Contains(f.Name)) return ParseResult<IReadOnlyDictionary<string, string>>.Fail($"unexpected_section:{f.Name}");
        foreach (var name in expected)
        {
            var count = found.Count(f => f.Name == name);
            if (count == 0) return ParseResult<IReadOnlyDictionary<string, string>>.Fail($"missing_section:{name}");
            if (count > 1) return ParseResult<IReadOnlyDictionary<string, string>>.Fail($"duplicate_section:{name}");
        }
        for (var i = 0; i < found.Count; i++)
            if (found[i].Name != expected[i]) return ParseResult<IReadOnlyDictionary<string, string>>.Fail("section_order");
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < found.Count; i++)
        {
            var stop = i + 1 < found.Count ? found[i + 1].HeaderStart : text.Length;
            var content = text[found[i].ContentStart..stop].Trim();
            if (content.Length == 0) return ParseResult<IReadOnlyDictionary<string, string>>.Fail($"empty_section:{found[i].Name}");
            sections[found[i].Name] = content;
        }
        return ParseResult<IReadOnlyDictionary<string, string>>.Ok(sections);
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        if (!char.IsAsciiLetterUpper(s[0])) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetter(c) || c == ' ')) return false;
        return true;
    }
}
