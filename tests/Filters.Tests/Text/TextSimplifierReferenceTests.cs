using System.Buffers;
using System.Text.Json;
using YuLanData.Filters.Tests.Heuristics;
using YuLanData.Filters.Text;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.Text;

/// <summary>
/// <see cref="TextSimplifier"/>'s one-pass buffer form (what MinHash and exact dedup call) against datatrove's own
/// <c>simplify_text</c> (huggingface/datatrove @ a649de79, utils/text.py run under Python with the <c>regex</c>
/// module) and against the step-by-step form on real documents.
/// </summary>
public class TextSimplifierReferenceTests
{
    /// <summary>Pairs (input, datatrove output) on excerpts of real files (UDHR translations with diacritics, BBC
    /// news) and a synthetic edge-case line.</summary>
    public static IEnumerable<object[]> Reference() =>
        File.ReadAllLines(Path.Combine(RepoPaths.Root, "tests", "Filters.Tests", "Text", "simplify_text_reference.jsonl"))
            .Select(l => JsonSerializer.Deserialize<string[]>(l)!).Select(p => new object[] { p[0], p[1] });

    [Theory]
    [MemberData(nameof(Reference))]
    public void Matches_datatrove_simplify_text(string input, string expected)
    {
        Assert.Equal(expected, TextSimplifier.Simplify(input));
        Assert.Equal(expected, SimplifyIntoBuffer(input, 1));
        Assert.Equal(expected, TextSimplifier.SimplifyByStages(input, TextNormOptions.Default));
    }

    /// <summary>Outputs of datatrove's simplify_text for inputs that exercise each branch of the one-pass form.</summary>
    [Theory]
    [InlineData("A - B", "a b")]                                         // punctuation becomes a space, then runs collapse
    [InlineData("don't", "don t")]
    [InlineData("a \u0301 b", "a  b")]                                   // a mark ends a whitespace run before it is dropped
    [InlineData("\u0301 x", "x")]                                        // ... and the final strip removes the leading space
    [InlineData("\u0967\u0968\u0969.\u096a\u096b \u0663\u0664\u0665", "0 0")] // Devanagari decimal, Arabic-Indic digits
    [InlineData("\u0130stanbul \u039f\u0394\u039f\u03a3.", "istanbul \u03bf\u03b4\u03bf\u03c2")] // İ → i + dot; final sigma
    [InlineData("x\U0001D7CE\U0001D7CFy", "x0y")]                       // supplementary-plane digits
    [InlineData("\u2000a\u3000b", "a b")]
    [InlineData("\U0002F800 \U0001D15E", "\u4e3d \U0001D157\U0001D165")] // supplementary NFD; U+1D165 is a class-216 spacing mark
    [InlineData("e\u0301\u0327", "e")]
    [InlineData("na\u00efve\U0001F600\u00dcn\u00ef", "naive\U0001F600uni")]
    [InlineData("\uff11\uff12", "0")]                                   // fullwidth digits: a number before punctuation removal
    public void Edge_cases_match_datatrove(string input, string expected)
    {
        Assert.Equal(expected, TextSimplifier.Simplify(input));
        Assert.Equal(expected, SimplifyIntoBuffer(input, 1));
        Assert.Equal(expected, TextSimplifier.SimplifyByStages(input, TextNormOptions.Default));
    }

    /// <summary>The one-pass form equals the step-by-step definition on real multilingual and web documents.</summary>
    [Theory]
    [InlineData("web/nltk_udhr2_multilingual.jsonl.gz", 400)]
    [InlineData("web/lingua_sentences_75langs.jsonl.gz", 3000)]
    [InlineData("web/dclm_quality_annotated_cc.jsonl.gz", 200)]
    public void One_pass_equals_stepwise_on_real_documents(string file, int max)
    {
        int checkedDocs = 0;
        foreach (string text in SharedDocs.Texts(file, max))
        {
            string expected = TextSimplifier.SimplifyByStages(text, TextNormOptions.Default);
            Assert.Equal(expected, SimplifyIntoBuffer(text, 16));
            checkedDocs++;
        }
        Assert.True(checkedDocs >= Math.Min(max, 200));
    }

    private static string SimplifyIntoBuffer(string text, int initialSize)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(initialSize);
        try
        {
            int n = TextSimplifier.Simplify(text, ref buffer);
            return new string(buffer, 0, n);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
