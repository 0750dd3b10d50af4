using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Filters.Dedup;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Segmentation;

/// <summary>Each Chinese rule on real Chinese documents; every test fails where the rule is missing (the English
/// tokenizer or line rules give other numbers or decisions).</summary>
public sealed class ChineseRuleTests
{
    private static FilterInput In(string text) => new(text, "doc", new JsonObject());

    private static readonly List<string> Web = ChineseCorpus.WebSentences();

    // Python: datatrove's Gopher statistics and repetition fractions, written out, over strip_strings(jieba.lcut(text)).
    private const string ReferenceScript =
        "import sys, json, logging\n" +
        "from collections import Counter\n" +
        "import jieba\n" +
        "jieba.setLogLevel(logging.WARNING)\n" +
        "STOP = set(json.loads(sys.argv[1]))\n" +
        "def top(words, n, length):\n" +
        "    grams = [' '.join(words[i:i + n]) for i in range(len(words) - n + 1)]\n" +
        "    if not grams: return 0.0\n" +
        "    g, c = Counter(grams).most_common(1)[0]\n" +
        "    return len(g) * c / length\n" +
        "def dup(words, n, length):\n" +
        "    seen, rep, idx = set(), 0, 0\n" +
        "    while idx < len(words) - n + 1:\n" +
        "        g = ''.join(words[idx:idx + n])\n" +
        "        if g in seen:\n" +
        "            rep += len(g); idx += n\n" +
        "        else:\n" +
        "            seen.add(g); idx += 1\n" +
        "    return rep / length\n" +
        "for line in sys.stdin.buffer:\n" +
        "    text = json.loads(line)\n" +
        "    words = [w.strip() for w in jieba.lcut(text) if w.strip()]\n" +
        "    n = len(words)\n" +
        "    r = {'n': n, 'alpha': sum(any(c.isalpha() for c in w) for w in words) / n,\n" +
        "         'stop': len(STOP & set(words)), 'newline_ratio': text.count('\\n') / n}\n" +
        "    for k in (2, 3, 4): r['top_%d_gram' % k] = top(words, k, len(text))\n" +
        "    for k in (5, 6, 7, 8, 9, 10): r['duplicated_%d_n_grams' % k] = dup(words, k, len(text))\n" +
        "    sys.stdout.write(json.dumps(r) + '\\n')\n";

    [Fact]
    public void Gopher_and_fineweb_statistics_over_jieba_words_equal_datatrove_formulas_in_python()
    {
        var docs = ChineseCorpus.WikiParagraphs().Take(400).Concat(ChineseCorpus.WebDocuments()).ToList();
        var reference = RunPython(ReferenceScript, JsonSerializer.Serialize(ChineseStacks.StopWords), docs);
        var quality = new GopherQualityFilter(ChineseStacks.Quality());
        var repetition = new GopherRepetitionFilter(ChineseStacks.Repetition());
        var fineweb = new FineWebQualityFilter(ChineseStacks.FineWeb());
        for (int i = 0; i < docs.Count; i++)
        {
            var r = reference[i];
            var s = quality.Compute(docs[i]);
            Assert.Equal((int)r["n"]!, s.Words);
            Assert.Equal((double)r["alpha"]!, s.AlphaWordsRatio, 12);
            Assert.Equal((int)r["stop"]!, s.StopWords);
            Assert.Equal((double)r["newline_ratio"]!, fineweb.Compute(docs[i]).NewLinesPerWord, 12);
            var scores = new JsonObject(); // scores are written rounded to 6 decimals
            repetition.Evaluate(docs[i], scores);
            foreach (var key in new[] { "top_2_gram", "top_3_gram", "top_4_gram", "duplicated_5_n_grams", "duplicated_10_n_grams" })
                Assert.True(Math.Abs((double)r[key]! - (double)scores[key]!) <= 5e-7, $"doc {i} {key}: python {r[key]} ours {scores[key]}");
        }
    }

    [Fact]
    public void C4_counts_chinese_words_and_sentences_so_real_chinese_lines_survive()
    {
        // Real web sentences, one per line, as a page would have them: no spaces, so the English rule sees one "word"
        // per line and drops every line (too_few_words), leaving no sentence.
        string doc = string.Join("\n", Web.Take(12));
        var english = new C4QualityFilter(new C4QualityOptions { FilterNoTerminalPunct = false }).Evaluate(doc);
        Assert.Equal("too_few_sentences", english.Drop);
        Assert.Equal(12, english.TooFewWords);
        var chinese = new C4QualityFilter(new C4QualityOptions { Language = "zh", FilterNoTerminalPunct = false }).Evaluate(doc);
        Assert.Null(chinese.Drop);
        Assert.Equal(12, chinese.LinesKept);
        Assert.True(chinese.Sentences >= 12);
    }

    [Fact]
    public void C4_terminal_punctuation_accepts_chinese_marks_and_closing_quotes_but_not_ellipses()
    {
        var endings = Web.Where(s => s.EndsWith('。') || s.EndsWith('！') || s.EndsWith('？')).Take(20)
            .Concat(Web.Where(s => s.EndsWith("？”") || s.EndsWith("。”") || s.EndsWith("！”")).Take(10)).ToList();
        Assert.Equal(30, endings.Count);
        string doc = string.Join("\n", endings) + "\n未完待续……";
        var english = new C4QualityFilter(new C4QualityOptions()).Evaluate(doc);
        Assert.Equal(endings.Count + 1, english.NoTerminalPunct);
        var chinese = new C4QualityFilter(new C4QualityOptions { Language = "zh" }).Evaluate(doc);
        Assert.Equal(1, chinese.NoTerminalPunct);                 // only the "……" line
        Assert.Equal(endings.Count, chinese.LinesKept);
        Assert.DoesNotContain("未完待续", chinese.Text);
    }

    [Fact]
    public void C4_policy_rule_drops_chinese_privacy_and_terms_lines()
    {
        string footer = "本网站使用Cookie以改善您的浏览体验，继续浏览即表示您同意我们的隐私政策和使用条款。";
        string doc = string.Join("\n", Web.Skip(20).Take(8)) + "\n" + footer;
        var r = new C4QualityFilter(new C4QualityOptions { Language = "zh", FilterPolicy = true }).Evaluate(doc);
        Assert.Equal(1, r.Policy);
        Assert.DoesNotContain("隐私政策", r.Text);
        Assert.Contains(Web[20], r.Text);
    }

    [Fact]
    public void FineWeb_line_punctuation_counts_lines_closed_by_a_quote_after_the_mark()
    {
        var quoted = Web.Where(s => s.EndsWith("。”") || s.EndsWith("？”") || s.EndsWith("！”")).ToList();
        Assert.True(quoted.Count >= 10, $"only {quoted.Count} quoted sentences");
        string doc = string.Join("\n", quoted);
        Assert.Equal(0, new FineWebQualityFilter(new FineWebQualityOptions()).Compute(doc).LinePunctRatio);
        Assert.Equal(1, new FineWebQualityFilter(new FineWebQualityOptions { Language = "zh" }).Compute(doc).LinePunctRatio);
        var withoutLanguage = ChineseStacks.FineWeb();
        withoutLanguage.Language = "en";
        Assert.Equal("line_punct_ratio", new FineWebQualityFilter(withoutLanguage).Apply(In(doc)).Reason);
        Assert.True(new FineWebQualityFilter(ChineseStacks.FineWeb()).Apply(In(doc)).Keep);
    }

    [Fact]
    public void Gopher_quality_with_chinese_words_and_stop_words_keeps_a_real_paragraph_the_english_setup_drops()
    {
        string doc = ChineseCorpus.WebDocuments()[0];
        Assert.Equal("gopher_below_avg_threshold", new GopherQualityFilter(new GopherQualityOptions()).Apply(In(doc)).Reason);
        Assert.True(new GopherQualityFilter(ChineseStacks.Quality()).Apply(In(doc)).Keep);
        // The same thresholds over single characters: every "word" is one character, so the mean length is 1 and the
        // word count is the character count.
        var perCharOptions = ChineseStacks.Quality();
        perCharOptions.Language = "en";
        var perChar = new GopherQualityFilter(perCharOptions).Compute(doc);
        var jieba = new GopherQualityFilter(ChineseStacks.Quality()).Compute(doc);
        Assert.True(jieba.Words < perChar.Words * 0.8, $"jieba {jieba.Words} words vs {perChar.Words} characters");
        Assert.True(jieba.AvgWordLength > 1.3, $"mean word length {jieba.AvgWordLength}");
    }

    [Fact]
    public void MinHash_cjk_char_shingles_find_an_edited_copy_of_a_real_chinese_paragraph()
    {
        var paragraphs = ChineseCorpus.WikiParagraphs();
        string original = paragraphs[10];
        // A light edit, as a re-post would have: two characters changed and one clause dropped.
        var sb = new StringBuilder(original);
        sb[40] = '甲';
        sb[200] = '乙';
        int comma = original.IndexOf('，', 300);
        string edited = comma > 0 ? sb.ToString().Remove(comma, Math.Min(12, original.Length - comma)) : sb.ToString();
        var cjk = new MinHasher(new MinHashParameters { Unit = ShingleUnit.CjkChar });
        var words = new MinHasher(new MinHashParameters { Unit = ShingleUnit.Word });
        Assert.True(cjk.Jaccard(original, edited) >= 0.8, $"cjk_char Jaccard {cjk.Jaccard(original, edited):F3}");
        Assert.True(words.Jaccard(original, edited) < 0.6, $"word Jaccard {words.Jaccard(original, edited):F3}");
        Assert.True(cjk.Jaccard(original, paragraphs[11]) < 0.1);
        // Mixed text: CJK characters are single units, Latin words stay words.
        Assert.Equal(5, new MinHasher(new MinHashParameters { Unit = ShingleUnit.CjkChar, NGram = 1 }).Shingles("中文 text 测试").Length);
    }

    private static List<JsonObject> RunPython(string script, string arg, IReadOnlyList<string> texts)
    {
        var psi = new ProcessStartInfo(PythonJieba.Interpreter(), ["-c", script, arg])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = Encoding.UTF8,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var writer = Task.Run(() =>
        {
            foreach (var t in texts) p.StandardInput.WriteLine(JsonSerializer.Serialize(t));
            p.StandardInput.Close();
        });
        var result = new List<JsonObject>();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) != null) result.Add(JsonNode.Parse(line)!.AsObject());
        writer.Wait();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && result.Count == texts.Count, $"python failed: {err.Result}");
        return result;
    }
}
