using System.Text;

namespace YuLanData.Jobs.Tests.Web;

public class HtmlInputTests
{
    /// <summary>A glob over a finished run reads its documents, never its report.html (HTML files are inputs elsewhere).</summary>
    [Fact]
    public void RunReportsAreNotReadAsHtmlInputs()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        RealDocuments.WriteJsonl(dir["in/news.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz", 5));
        var (_, first) = PipelineRunner.Run(PipelineRunner.Yaml([dir["in/*.jsonl"]], dir["first"]), dir["first.yaml"]);
        File.WriteAllText(Path.Combine(first.Root, "report.html"), "<html><body><p>report</p></body></html>");
        var (second, _) = PipelineRunner.Run(PipelineRunner.Yaml([dir["first"] + "/**"], dir["second"]), dir["second.yaml"]);
        Assert.Equal(5, second.Read);
        Assert.True(second.Balanced, second.Balance);
    }

    /// <summary>Plain HTML files in a pipeline: one document each, charset counted, an empty one reported.</summary>
    [Fact]
    public void HtmlFilesAreDocuments()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["pages"]);
        var sentences = LinguaSentences.Of("ru", 10);
        File.WriteAllBytes(dir["pages/a.html"], Encoding.UTF8.GetBytes($"<html><body><p>{string.Join(" ", sentences)}</p></body></html>"));
        File.WriteAllBytes(dir["pages/b.htm"], Encoding.GetEncoding("windows-1251").GetBytes($"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>{sentences[0]}</body></html>"));
        File.WriteAllText(dir["pages/c.html"], "  \n");
        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([dir["pages/*"]], dir["out"]), dir["p.yaml"]);
        Assert.Equal(2, stats.Read);
        Assert.Equal(2, stats.Kept);
        Assert.Equal(1, stats.FileErrors["empty_file"]);
        Assert.Equal(1, stats.ReaderCounts!["charset:windows-1251"]);
        Assert.Equal(1, stats.ReaderCounts!["charset:utf-8"]);
        var docs = Directory.GetFiles(folder.OutputDir).SelectMany(File.ReadAllLines).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        var b = Assert.Single(docs, d => d["id"]!.GetValue<string>().EndsWith("b.htm", StringComparison.Ordinal));
        Assert.Contains(sentences[0], b["metadata"]!["html"]!.GetValue<string>());
    }

    static HtmlInputTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
