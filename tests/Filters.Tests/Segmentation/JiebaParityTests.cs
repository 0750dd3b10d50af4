using System.IO.Compression;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using YuLanData.Filters.Text.Segmentation;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.Segmentation;

/// <summary>Our <see cref="JiebaSegmenter"/> against Python jieba 0.42.1's <c>jieba.lcut</c> (default mode, HMM on)
/// over real Chinese text: every document must come out token for token identical.</summary>
public sealed class JiebaParityTests(ITestOutputHelper output)
{
    private static List<string> CmmluItems()
    {
        using var r = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(RepoPaths.Root, "data", "benchmarks", "cmmlu_test.jsonl.gz")), CompressionMode.Decompress));
        var list = new List<string>();
        string? line;
        while ((line = r.ReadLine()) != null)
        {
            var o = JsonNode.Parse(line)!.AsObject();
            list.Add((string)o["question"]! + "\n" + string.Join("\n", o["choices"]!.AsArray().Select(c => (string)c!)));
        }
        return list;
    }

    // Hand-written cases for the parts of the algorithm that prose rarely reaches: mixed scripts, numbers with decimals
    // and percent, full-width forms, characters outside the BMP, CRLF, Japanese, emoji, URLs.
    private static readonly string[] EdgeCases =
    [
        "我来到北京清华大学，他说的确实在理",
        "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
        "GDP增长了6.5%，iPhone 15 Pro的价格是7999元。",
        "鸡的最适温度为37.8°C，湿度为53％～57％。",
        "这是第一行\r\n这是第二行\n\n  第三行\t有制表符",
        "𫚭鱼和𠀀字在基本平面之外。",
        "ウルトラマンメビウス＆ウルトラ兄弟（大怪獣空中决戦）",
        "访问https://www.example.com/path?q=中文&x=1获取更多信息",
        "今天天气很好😀我们去公园玩吧！！！",
        "C++和C#都是编程语言，Python3.8也是。",
        "",
        " ",
        "a",
        "中",
        "娜塔莎·-{zh-cn:安妮}-罗曼诺夫",
    ];

    [Fact]
    public void Lcut_matches_python_jieba_on_real_chinese_text()
    {
        var sets = new (string Name, List<string> Texts)[]
        {
            ("cmrc2018 wiki paragraphs", ChineseCorpus.WikiParagraphs()),
            ("lingua zh web sentences", ChineseCorpus.WebSentences()),
            ("udhr cmn_hans/cmn_hant", ChineseCorpus.Udhr()),
            ("cmmlu test items", CmmluItems()),
            ("edge cases", [.. EdgeCases]),
        };
        var failures = new List<string>();
        long allTokens = 0, allSame = 0;
        foreach (var (name, texts) in sets)
        {
            var reference = PythonJieba.Lcut(texts);
            int sameDocs = 0;
            long tokens = 0, sameTokens = 0;
            for (int i = 0; i < texts.Count; i++)
            {
                var ours = JiebaSegmenter.Lcut(texts[i]);
                var theirs = reference[i];
                tokens += theirs.Count;
                if (ours.SequenceEqual(theirs)) { sameDocs++; sameTokens += theirs.Count; continue; }
                var theirSet = new HashSet<(int, string)>(Positions(theirs));
                sameTokens += Positions(ours).Count(theirSet.Contains);
                if (failures.Count < 10)
                {
                    int k = 0;
                    while (k < ours.Count && k < theirs.Count && ours[k] == theirs[k]) k++;
                    failures.Add($"{name} #{i}: ours [{string.Join("|", ours.Skip(Math.Max(0, k - 2)).Take(6))}] python [{string.Join("|", theirs.Skip(Math.Max(0, k - 2)).Take(6))}]");
                }
            }
            allTokens += tokens;
            allSame += sameTokens;
            output.WriteLine($"{name}: {sameDocs}/{texts.Count} documents identical, {sameTokens}/{tokens} tokens ({100.0 * sameTokens / Math.Max(1, tokens):F3}%)");
        }
        output.WriteLine($"all: {allSame}/{allTokens} tokens agree ({100.0 * allSame / allTokens:F3}%)");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // Tokens identified by their start offset, so a difference counts once on each side.
    private static IEnumerable<(int, string)> Positions(List<string> tokens)
    {
        int at = 0;
        foreach (var t in tokens)
        {
            yield return (at, t);
            at += t.Length;
        }
    }

    [Fact]
    public void Chinese_words_drop_whitespace_tokens_and_follow_jieba()
    {
        string text = "我来到北京清华大学，\n  他说的确实在理";
        Assert.Equal(["我", "来到", "北京", "清华大学", "，", "他", "说", "的", "确实", "在理"], LanguageWordTokenizer.Split(text, "zh"));
        Assert.Equal(LanguageWordTokenizer.Split(text, "zh"), LanguageWordTokenizer.Split(text, "cmn_Hani"));
        // The default tokenizer makes every ideograph a word.
        Assert.Equal(17, LanguageWordTokenizer.Split(text, "en").Length);
    }

    [Fact]
    public void Segmentation_is_the_same_from_many_threads_at_once()
    {
        var texts = ChineseCorpus.WikiParagraphs().Take(300).ToList();
        var sequential = texts.Select(JiebaSegmenter.Lcut).ToList();
        var parallel = new List<string>[texts.Count];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = JiebaSegmenter.Lcut(texts[i]));
        for (int i = 0; i < texts.Count; i++) Assert.Equal(sequential[i], parallel[i]);
    }
}
