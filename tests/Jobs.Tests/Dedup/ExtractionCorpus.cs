using System.Text;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary>
/// Several extractions of each of the 181 real pages of the article-extraction benchmark
/// (../shared/data/web/article_extraction_benchmark_groundtruth.jsonl), the way different extractors see one page:
/// the clean article (the ground truth) and two near-identical clean extractions of it (a few words and a sentence
/// differ); a partial extraction that also caught the page's related-links block; and a full-page extraction with
/// navigation, more link lists and the footer. Link text is real: word windows of other pages of the benchmark.
/// The partial block is sized so that the partial extraction is either close to the clean one (Jaccard ~0.87) or
/// halfway between clean and full page (~0.7 to each), the chain through which union-find removes clean copies
/// while keeping the full page (~0.49 to the clean text).
/// </summary>
public static class ExtractionCorpus
{
    /// <summary>One extraction: its page (the ground truth's index), kind and text.</summary>
    public sealed record Extraction(int Page, string Kind, string Id, string Text)
    {
        public bool IsClean => Kind.StartsWith("clean", StringComparison.Ordinal);
    }

    private static readonly string[] Navigation = ["Home", "News", "World", "Business", "Politics", "Tech", "Science", "Health", "Sports", "Opinion", "Video", "Subscribe", "Sign in"];
    private static readonly string[] Footer = ["Share on Facebook", "Share on Twitter", "Email this article", "Privacy Policy", "Terms of Use", "Contact us", "Advertise with us"];

    /// <summary>Writes three files in the order that makes "keep first" keep the worst copy (full pages, then partial
    /// extractions, then clean ones) and returns every extraction.</summary>
    public static (List<string> Files, List<Extraction> Extractions) Write(TempDir tmp)
    {
        var pages = RealDocuments.Load("article_extraction_benchmark_groundtruth.jsonl").Select(d => d.Text).ToList();
        var hosts = File.ReadLines(RealDocuments.WebFile("article_extraction_benchmark_groundtruth.jsonl"))
            .Select(l => new Uri(System.Text.Json.Nodes.JsonNode.Parse(l)!["url"]!.GetValue<string>()).Host).ToList();
        var all = new List<Extraction>();
        for (int p = 0; p < pages.Count; p++)
        {
            var random = new Random(1000 + p);
            string article = pages[p];
            int words = WordCount(article);
            string host = hosts[p];
            double partialShare = p % 2 == 0 ? 0.43 : 0.12;
            string related = LinkBlock(pages, p, random, "Related stories", (int)(partialShare * words));
            string partial = article + "\n\n" + related;
            int extra = (int)(0.43 * WordCount(partial));
            var full = new StringBuilder();
            full.AppendLine(host).AppendLine(string.Join('\n', Navigation)).AppendLine();
            full.Append(partial).Append("\n\n");
            full.Append(LinkBlock(pages, p, random, "Most read", Math.Max(0, extra - 40))).Append("\n\n");
            full.AppendLine(string.Join('\n', Footer)).Append("© 2019 ").Append(host);
            all.Add(new Extraction(p, "full", $"page{p:D3}/full", full.ToString()));
            all.Add(new Extraction(p, "partial", $"page{p:D3}/partial", partial));
            all.Add(new Extraction(p, "clean", $"page{p:D3}/clean", article));
            all.Add(new Extraction(p, "clean-1", $"page{p:D3}/clean-1", DedupCorpus.Edit(article, 2 * p)));
            all.Add(new Extraction(p, "clean-2", $"page{p:D3}/clean-2", DedupCorpus.Edit(article, 2 * p + 1)));
        }
        var files = new List<string>();
        foreach (var (name, select) in new (string, Func<Extraction, bool>)[] { ("full", e => e.Kind == "full"), ("partial", e => e.Kind == "partial"), ("clean", e => e.IsClean) })
        {
            string path = tmp[$"{name}.jsonl"];
            DedupCorpus.Write(path, all.Where(select).Select(e => (e.Id, e.Text)));
            files.Add(path);
        }
        return (files, all);
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>A heading and link lines (5-9 word windows of other pages, without final punctuation) of about
    /// <paramref name="words"/> words.</summary>
    private static string LinkBlock(List<string> pages, int self, Random random, string heading, int words)
    {
        var block = new StringBuilder(heading);
        int count = 0;
        while (count < words)
        {
            int other = random.Next(pages.Count - 1);
            if (other >= self)
                other++;
            var source = pages[other].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int length = Math.Min(source.Length, random.Next(5, 10));
            int from = random.Next(source.Length - length + 1);
            block.Append('\n').Append(string.Join(' ', source[from..(from + length)]).TrimEnd('.', '!', '?', ',', ';', ':'));
            count += length;
        }
        return block.ToString();
    }
}
