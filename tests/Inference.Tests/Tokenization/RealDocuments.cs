using System.IO.Compression;
using System.Text.Json;
using YuLanData.Testing;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>One real document from <c>../shared/data</c>, with where it came from.</summary>
public sealed record RealDocument(string Source, int Line, string Text);

/// <summary>
/// A fixed, deterministic sample of real documents of mixed languages, code and math from <c>../shared/data</c>
/// (web: 75-language sentences, UDHR translations, news, forum and chat text, Common Crawl; code: Python
/// repositories; math: GSM8K solutions, LaTeX, arXiv). Every <c>stride</c>-th line of a file is taken, up to a cap.
/// </summary>
public static class RealDocuments
{
    private static readonly (string File, int Cap)[] Files =
    [
        ("web/lingua_sentences_75langs.jsonl.gz", 5400),
        ("web/nltk_udhr2_multilingual.jsonl.gz", 25),
        ("web/nltk_webtext.jsonl.gz", 1700),
        ("web/fasttextjs_stackexchange_cooking_questions.jsonl.gz", 1200),
        ("web/bbc_news_2225.jsonl.gz", 120),
        ("web/nltk_abc_rural_news.jsonl.gz", 300),
        ("web/dclm_quality_annotated_cc.jsonl.gz", 150),
        ("web/article_extraction_benchmark_groundtruth.jsonl", 60),
        ("web/datajuicer_redpajama_pile_samples.jsonl", 60),
        ("code/Textualize__rich@HEAD-42899d8a0a.jsonl.gz", 25),
        ("code/pallets__click@HEAD-2c8cd3ac95.jsonl", 15),
        ("code/pallets__flask@HEAD-2ac89889f4.jsonl", 20),
        ("code/pallets__jinja@HEAD-5ef70112a1.jsonl", 30),
        ("code/pallets__werkzeug@HEAD-1b00618e78.jsonl.gz", 20),
        ("code/psf__requests@HEAD-1f6589ec3a.jsonl", 15),
        ("code/pygments__pygments@HEAD-6a62df1d1f.jsonl.gz", 25),
        ("code/pypa__packaging@HEAD-053c884615.jsonl.gz", 15),
        ("code/pypa__setuptools@HEAD-7d531288b7.jsonl.gz", 30),
        ("code/tox-dev__platformdirs@HEAD-b2f29d8e8c.jsonl", 17),
        ("code/urllib3__urllib3@HEAD-6a8536b6e1.jsonl.gz", 15),
        ("math/gsm8k_train_solutions.jsonl.gz", 1000),
        ("math/hott_book_latex.jsonl.gz", 12),
        ("math/redpajama_arxiv_sample_datajuicer.jsonl", 11),
    ];

    private static readonly Lazy<IReadOnlyList<RealDocument>> Sample = new(LoadSample);

    /// <summary>The sample (10,265 documents, about 5.7 million characters), loaded once per test run.</summary>
    public static IReadOnlyList<RealDocument> All => Sample.Value;

    private static IReadOnlyList<RealDocument> LoadSample()
    {
        var documents = new List<RealDocument>();
        foreach ((string file, int cap) in Files)
        {
            string path = RepoPaths.SharedData(file.Split('/'));
            List<(int Line, string Text)> lines = ReadTexts(path);
            int stride = Math.Max(1, lines.Count / cap);
            int taken = 0;
            for (int i = 0; i < lines.Count && taken < cap; i += stride, taken++)
                documents.Add(new RealDocument(file, lines[i].Line, lines[i].Text));
        }
        return documents;
    }

    /// <summary>Reads the <c>text</c> field of every line of a JSONL (optionally gzip) file.</summary>
    public static List<(int Line, string Text)> ReadTexts(string path)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var texts = new List<(int, string)>();
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
                continue;
            using JsonDocument json = JsonDocument.Parse(line);
            texts.Add((number, json.RootElement.GetProperty("text").GetString() ?? ""));
        }
        return texts;
    }
}
