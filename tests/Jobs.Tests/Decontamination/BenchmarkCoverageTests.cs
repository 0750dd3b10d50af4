using System.Collections.Concurrent;
using Xunit.Abstractions;
using YuLanData.Filters.Decontamination;
using YuLanData.Jobs.Decontamination;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>
/// Every item of the ten benchmarks all.yaml indexes (GSM8K, HumanEval, MMLU, ARC-c/e, MATH-500, MBPP, CMMLU,
/// HellaSwag, WinoGrande), planted whole and as the question alone, verbatim and edited, into real BBC articles
/// (CMMLU into real Chinese text); and the clean web text of ../shared/data/web. Each is measured with the shipped
/// all.yaml index and with the same configs as they were before (no standalone fields, no filled blanks, no
/// scaffolding guard), so the output shows what each change bought.
/// </summary>
public sealed class BenchmarkCoverageTests(ITestOutputHelper output)
{
    private sealed record Tally(int Total, int Matchable, int Caught, List<string> Missed);

    private static readonly Lazy<NgramIndex> OldStyleIndex = new(() =>
    {
        var config = DecontamTestData.Config("all.yaml");
        config = config with { Benchmarks = config.Benchmarks.Select(b => b with { StandaloneFields = null, BlankField = null, BlankOptions = null }).ToList() };
        return IndexBuild.Build([(config, "all.yaml")], skipScaffolding: false);
    });

    private static readonly Lazy<List<string>> EnglishHosts = new(() => RealDocuments.Load("bbc_news_2225.jsonl.gz").Select(d => d.Text).ToList());

    /// <summary>Real Chinese prose: the Chinese sentences of the lingua test data, ten to a document.</summary>
    public static readonly Lazy<List<string>> ChineseHosts = new(() =>
    {
        var sentences = RealDocuments.Load("lingua_sentences_75langs.jsonl.gz").Where(d => d.Id.StartsWith("lingua/zh:", StringComparison.Ordinal)).Select(d => d.Text).ToList();
        return sentences.Chunk(10).Select(c => string.Join("", c)).ToList();
    });

    private static string PlantInto(BenchmarkRendering item, int i, string text)
    {
        var hosts = item.Benchmark == "cmmlu" ? ChineseHosts.Value : EnglishHosts.Value;
        string host = hosts[i % hosts.Count];
        if (item.Benchmark != "cmmlu")
            return DecontamTestData.Plant(host, text);
        int cut = host.IndexOf('。', host.Length / 2);
        cut = cut < 0 ? host.Length : cut + 1;
        return host[..cut] + text + host[cut..];
    }

    private static Dictionary<(string Benchmark, bool Alone, bool Edited), Tally> Measure(NgramIndex index)
    {
        var matcher = new ContaminationMatcher(index);
        var items = BenchmarkRenderings.All;
        // A question shared word for word by more items than max_items_per_ngram ("Which of the following is true?")
        // is a common phrase, not evidence of one item: it is not indexed, so it is not expected to match alone.
        var generic = items.GroupBy(i => (i.Benchmark, Key: Loose(i.Alone))).Where(g => g.Count() > index.Parameters.MaxItemsPerNgram)
            .Select(g => g.Key).ToHashSet();
        var outcomes = new ConcurrentBag<(string, bool, bool, bool Matchable, bool Caught, string Text)>();
        Parallel.For(0, items.Count, i =>
        {
            var item = items[i];
            bool wholeMatchable = DecontamTestData.Matchable(index, item.As(false));
            foreach (bool alone in new[] { false, true })
            {
                string text = alone ? item.Alone : item.Whole;
                // The question alone can only be matched when it is at least min_short_item_units words long.
                bool matchable = wholeMatchable && (!alone || (matcher.UnitCount(text) >= index.Parameters.MinShortItemUnits && !generic.Contains((item.Benchmark, Loose(text)))));
                foreach (bool edited in new[] { false, true })
                {
                    string planted = PlantInto(item, i, edited ? TextEdits.All(text, new Random(i)) : text);
                    bool caught = matchable && DecontamTestData.Caught(index, matcher.Find(planted), item.As(alone));
                    outcomes.Add((item.Benchmark, alone, edited, matchable, caught, item.Id + ": " + text));
                }
            }
        });
        return outcomes.GroupBy(o => (o.Item1, o.Item2, o.Item3)).ToDictionary(g => g.Key,
            g => new Tally(g.Count(), g.Count(o => o.Matchable), g.Count(o => o.Caught),
                g.Where(o => o.Matchable && !o.Caught).Select(o => o.Text).Order(StringComparer.Ordinal).Take(20).ToList()));
    }

    /// <summary>Lower case, letters and digits only: close enough to the normalizer to find repeated questions.</summary>
    private static string Loose(string text) => new(text.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private static readonly Lazy<Dictionary<(string, bool, bool), Tally>> After = new(() => Measure(DecontamTestData.AllIndex));
    private static readonly Lazy<Dictionary<(string, bool, bool), Tally>> Before = new(() => Measure(OldStyleIndex.Value));

    private void Print(string title, Dictionary<(string, bool, bool), Tally> tallies)
    {
        output.WriteLine(title);
        output.WriteLine($"{"benchmark",-14} {"whole verbatim",16} {"whole edited",16} {"alone verbatim",16} {"alone edited",16} {"alone too short or generic",28}");
        foreach (var b in BenchmarkRenderings.Benchmarks)
        {
            string Cell(bool alone, bool edited)
            {
                var t = tallies[(b, alone, edited)];
                return $"{t.Caught}/{t.Matchable}";
            }
            var a = tallies[(b, true, false)];
            output.WriteLine($"{b,-14} {Cell(false, false),16} {Cell(false, true),16} {Cell(true, false),16} {Cell(true, true),16} {a.Total - a.Matchable,28}");
        }
        foreach (var ((b, alone, edited), t) in tallies.Where(kv => !kv.Key.Item3).OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal))
            foreach (var missed in t.Missed)
                output.WriteLine($"  missed {title[..6]} {b} {(alone ? "alone" : "whole")}: {missed.Replace("\n", " | ")[..Math.Min(200, missed.Length)]}");
    }

    [Fact]
    public void Questions_quoted_alone_are_caught_in_every_benchmark()
    {
        Print("before (no standalone fields, no filled blanks, no scaffolding guard):", Before.Value);
        Print("after (pipelines/decontam/all.yaml):", After.Value);
        foreach (var b in BenchmarkRenderings.Benchmarks)
            foreach (bool alone in new[] { false, true })
            {
                var verbatim = After.Value[(b, alone, false)];
                var edited = After.Value[(b, alone, true)];
                Assert.True(verbatim.Caught >= 0.99 * verbatim.Matchable, $"{b} alone={alone} verbatim: {verbatim.Caught}/{verbatim.Matchable}");
                Assert.True(edited.Caught >= 0.95 * edited.Matchable, $"{b} alone={alone} edited: {edited.Caught}/{edited.Matchable}");
            }
        // The short problems of MATH-500 and the one-sentence MBPP tasks are what the old configs missed.
        foreach (var b in new[] { "math500", "mbpp" })
            Assert.True(Before.Value[(b, true, false)].Caught < After.Value[(b, true, false)].Caught, b);
    }

    [Fact]
    public void Clean_web_text_is_almost_never_flagged_and_scaffolding_no_longer_matches()
    {
        var before = new ContaminationMatcher(OldStyleIndex.Value);
        var after = new ContaminationMatcher(DecontamTestData.AllIndex);
        int docs = 0, flaggedBefore = 0, flaggedAfter = 0;
        foreach (var file in Directory.GetFiles(RealDocuments.WebFile(""), "*.jsonl*").Order(StringComparer.Ordinal))
        {
            int fileBefore = 0, fileAfter = 0, fileDocs = 0;
            foreach (var doc in RealDocuments.Load(Path.GetFileName(file)))
            {
                fileDocs++;
                var b = before.Find(doc.Text);
                var a = after.Find(doc.Text);
                fileBefore += b.Count > 0 ? 1 : 0;
                fileAfter += a.Count > 0 ? 1 : 0;
                foreach (var (label, matches, m) in new[] { ("before", b, before), ("after", a, after) })
                    if (matches.Count > 0)
                    {
                        var item = m.Index.Items[matches[0].Item];
                        output.WriteLine($"  {label} {doc.Id}: {m.Index.Benchmarks[item.Benchmark]}/{item.Id} \"{ContaminationMatcher.MatchedNgram(doc.Text, matches[0])}\"");
                    }
            }
            output.WriteLine($"{Path.GetFileName(file)}: {fileDocs} documents, flagged before {fileBefore}, after {fileAfter}");
            docs += fileDocs;
            flaggedBefore += fileBefore;
            flaggedAfter += fileAfter;
        }
        // Full-page text of real crawled HTML (navigation, menus, footers, letter indexes included): the text a
        // page-level extraction gives, where the scaffolding guard matters.
        int pages = 0, pagesBefore = 0, pagesAfter = 0;
        foreach (var page in FullPageText.FromWarcFolder(RealDocuments.WebFile("raw_warc")))
        {
            pages++;
            bool b = before.Find(page).Count > 0, a = after.Find(page).Count > 0;
            pagesBefore += b ? 1 : 0;
            pagesAfter += a ? 1 : 0;
        }
        output.WriteLine($"raw_warc full pages: {pages}, flagged before {pagesBefore}, after {pagesAfter}");
        Assert.True(pages >= 30, $"{pages} pages");
        Assert.True(pagesAfter <= pagesBefore);
        output.WriteLine($"all: {docs} documents, flagged before {flaggedBefore}, after {flaggedAfter}");
        Assert.True(docs > 100_000);
        Assert.True(flaggedAfter * 1000 <= docs, $"{flaggedAfter} of {docs} clean documents flagged");
    }
}
