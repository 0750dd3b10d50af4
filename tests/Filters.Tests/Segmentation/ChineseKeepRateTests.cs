using Xunit.Abstractions;

namespace YuLanData.Filters.Tests.Segmentation;

/// <summary>Keep rates of the English and the Chinese filter stacks on real Chinese text (the README table):
/// <c>dotnet test tests/Filters.Tests -c Release --filter ChineseKeepRate --logger "console;verbosity=detailed"</c>.</summary>
public sealed class ChineseKeepRateTests(ITestOutputHelper output)
{
    [Fact]
    public void Chinese_stack_keeps_real_chinese_text_the_english_rules_dropped()
    {
        var sets = new (string Name, List<string> Docs)[]
        {
            ("CMRC 2018 Chinese Wikipedia paragraphs", ChineseCorpus.WikiParagraphs()),
            ("Leipzig web sentences, 8 per document", ChineseCorpus.WebDocuments()),
            ("UDHR cmn_hans + cmn_hant", ChineseCorpus.Udhr()),
        };
        output.WriteLine("| text | documents | English rules (web-en) kept | top drop reasons | Chinese stack (web-zh) kept | top drop reasons |");
        output.WriteLine("|---|---:|---:|---|---:|---|");
        foreach (var (name, docs) in sets)
        {
            var en = ChineseStacks.Run(ChineseStacks.English(), docs);
            var zh = ChineseStacks.Run(ChineseStacks.Chinese(), docs);
            output.WriteLine($"| {name} | {docs.Count} | {en.Kept} ({100.0 * en.Kept / docs.Count:F1}%) | {Top(en.Drops)} | {zh.Kept} ({100.0 * zh.Kept / docs.Count:F1}%) | {Top(zh.Drops)} |");
            if (name.StartsWith("CMRC", StringComparison.Ordinal))
            {
                Assert.True(zh.Kept >= 0.6 * docs.Count, $"Chinese stack kept only {zh.Kept} of {docs.Count} wiki paragraphs");
                Assert.True(en.Kept <= 0.1 * docs.Count, $"English rules kept {en.Kept} of {docs.Count}: the comparison no longer shows anything");
            }
        }
    }

    private static string Top(SortedDictionary<string, int> drops) =>
        drops.Count == 0 ? "-" : string.Join(", ", drops.OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"{kv.Key} {kv.Value}"));
}
