using Xunit.Abstractions;
using YuLanData.Filters.Decontamination;

namespace YuLanData.Jobs.Tests.Decontamination;

/// <summary>Clean real web documents must (almost) never be flagged.</summary>
public sealed class CleanWebTests(ITestOutputHelper output)
{
    [Fact]
    public void At_most_one_in_a_thousand_clean_web_documents_is_flagged()
    {
        var matcher = new ContaminationMatcher(DecontamTestData.AllIndex);
        string[] files = ["bbc_news_2225.jsonl.gz", "dclm_quality_annotated_cc.jsonl.gz", "nltk_abc_rural_news.jsonl.gz", "nltk_webtext.jsonl.gz",
            "article_extraction_benchmark_groundtruth.jsonl", "datajuicer_redpajama_pile_samples.jsonl", "fasttextjs_stackexchange_cooking_questions.jsonl.gz"];
        int docs = 0, flagged = 0;
        foreach (var file in files)
        {
            int fileFlagged = 0, fileDocs = 0;
            foreach (var doc in RealDocuments.Load(file))
            {
                fileDocs++;
                var matches = matcher.Find(doc.Text);
                if (matches.Count == 0)
                    continue;
                fileFlagged++;
                var item = matcher.Index.Items[matches[0].Item];
                output.WriteLine($"{file} {doc.Id}: {matcher.Index.Benchmarks[item.Benchmark]}/{item.Id} \"{ContaminationMatcher.MatchedNgram(doc.Text, matches[0])}\"");
            }
            output.WriteLine($"{file}: {fileFlagged}/{fileDocs}");
            docs += fileDocs;
            flagged += fileFlagged;
        }
        output.WriteLine($"flagged {flagged}/{docs} = {100.0 * flagged / docs:F4}%");
        Assert.True(docs > 40_000);
        Assert.True(flagged * 1000 <= docs, $"{flagged} of {docs} clean documents flagged");
    }
}
