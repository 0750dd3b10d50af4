using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Web;

public class WebPipelineTests
{
    /// <summary>
    /// pipelines/cc-web-en.yaml over the bundled WARC samples, as shipped (paths made absolute). Where the
    /// html_extract stage is not registered in this build, the pipeline is refused at that stage's line and nowhere else.
    /// </summary>
    [Fact]
    public void CcWebEnRunsOnTheBundledWarcSamples()
    {
        using var dir = new TempDir();
        string yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", "cc-web-en.yaml"))
            .Replace("../shared/data/web/raw_warc/*.warc.gz", RepoPaths.SharedData("web", "raw_warc") + "/*.warc.gz")
            .Replace("samples/models/lid.176.ftz", Path.Combine(RepoPaths.Root, "samples", "models", "lid.176.ftz"))
            .Replace("path: out/cc-web-en", $"path: {dir["out"]}");
        if (StageRegistry.Find("html_extract") == null)
        {
            var e = Assert.Throws<PipelineConfigException>(() => PipelineRunner.Run(yaml, dir["cc-web-en.yaml"]));
            Assert.Contains("html_extract", e.Problem);
            Assert.Equal(yaml.Split('\n').ToList().FindIndex(l => l.Contains("- html_extract")) + 1, e.Line);
            return;
        }
        var (stats, folder) = PipelineRunner.Run(yaml, dir["cc-web-en.yaml"]);
        Assert.True(stats.Balanced, stats.Balance);
        Assert.Equal(WarcSamples.Responses, stats.Read);
        Assert.Equal(0, stats.Quarantined);
        Assert.True(stats.Kept > 0, "no English page survived");
        Assert.Equal(37, stats.ReaderCounts!["skipped:warc_request"]);
    }

    /// <summary>
    /// WET input through text_normalize and pii_redact: real BBC articles whose paragraphs are separated by
    /// whitespace-only lines, with a contact line appended. Accounting, reader counters and stage counters in stats.json.
    /// </summary>
    [Fact]
    public void WetThroughNormalizeAndRedactCountsEveryChange()
    {
        using var dir = new TempDir();
        var articles = RealDocuments.Load("bbc_news_2225.jsonl.gz", 40).Select(d => d.Text).ToList();
        var builder = new WarcBuilder().Record("warcinfo", "software: test\r\n"u8.ToArray(), contentType: "application/warc-fields");
        var expected = new List<string>();
        for (int i = 0; i < articles.Count; i++)
        {
            string paragraphs = string.Join("\n \t \n\n\n", articles[i].Split("\n\n", StringSplitOptions.RemoveEmptyEntries));
            string text = paragraphs + $"\nContact: reporter{i}@bbc.co.uk or +44 20 7946 {1000 + i}\n";
            builder.Record("conversion", Encoding.UTF8.GetBytes(text), $"https://www.bbc.co.uk/news/{i}", "text/plain", id: $"doc-{i}");
        }
        File.WriteAllBytes(dir["crawl.warc.wet.gz"], builder.Gzipped());
        string yaml = PipelineRunner.Yaml([dir["*.wet.gz"]], dir["out"], "- text_normalize\n- pii_redact");
        var (stats, folder) = PipelineRunner.Run(yaml, dir["p.yaml"]);

        Assert.True(stats.Balanced, stats.Balance);
        Assert.Equal(articles.Count, stats.Read);
        Assert.Equal(articles.Count, stats.Kept);
        Assert.Equal(1, stats.ReaderCounts!["skipped:warc_warcinfo"]);
        var normalize = stats.Stages[0].Counters;
        var redact = stats.Stages[1].Counters;
        Assert.True(normalize["whitespace_only_lines"] >= articles.Count);
        Assert.Equal(articles.Count, redact["email"]);
        Assert.Equal(articles.Count, redact["phone"]);
        Assert.Equal(articles.Count, redact["documents_redacted"]);
        var merged = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Root, "stats.json")))!;
        Assert.Equal(articles.Count, merged["stages"]![1]!["counters"]!["email"]!.GetValue<long>());
        Assert.Equal(1, merged["reader_counts"]!["skipped:warc_warcinfo"]!.GetValue<long>());

        var output = File.ReadAllLines(Directory.GetFiles(Path.Combine(folder.Root, "output"))[0]).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(articles.Count, output.Count);
        foreach (var doc in output)
        {
            string text = doc["text"]!.GetValue<string>();
            Assert.DoesNotContain("\n\n\n", text);
            Assert.DoesNotContain(" \t ", text);
            Assert.EndsWith("Contact: <EMAIL> or <PHONE>\n", text);
            Assert.StartsWith("https://www.bbc.co.uk/news/", doc["metadata"]!["url"]!.GetValue<string>());
        }
    }
}
