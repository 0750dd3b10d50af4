using System.Text.Json;
using YuLanData.Filters.Dedup;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.Dedup;

public class DedupTextNormalizerTests
{
    /// <summary>Pairs (input, expected) produced by Python's re/unicodedata following datatrove's simplify_text
    /// (utils/text.py, default TextNormConfig) on excerpts of real files (UDHR translations with diacritics,
    /// BBC news) and a synthetic edge-case line.</summary>
    public static IEnumerable<object[]> Reference() =>
        File.ReadAllLines(Path.Combine(RepoPaths.Root, "tests", "Filters.Tests", "Dedup", "simplify_text_reference.jsonl"))
            .Select(l => JsonSerializer.Deserialize<string[]>(l)!).Select(p => new object[] { p[0], p[1] });

    [Theory]
    [MemberData(nameof(Reference))]
    public void Matches_python_simplify_text(string input, string expected) =>
        Assert.Equal(expected, DedupTextNormalizer.Simplify(input));

    [Fact]
    public void Punctuation_between_spaces_leaves_two_spaces_like_datatrove() =>
        Assert.Equal("a  b", DedupTextNormalizer.Simplify("A - B"));
}
