using System.Text.Json.Nodes;
using YuLanData.Cli.Commands;

namespace YuLanData.Jobs.Tests;

public class ApplyCommandTests
{
    [Fact]
    public void DecisionsListEveryDocumentInInputOrderWithReasons()
    {
        using var dir = new TempDir();
        string input = dir["in.jsonl"];
        var docs = RealDocuments.Load("nltk_webtext.jsonl.gz", 300);
        RealDocuments.WriteJsonl(input, docs);
        string output = dir["decisions.jsonl"];
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["apply", "length_filter", "--set", "min_words=12", "--set", "max_chars=2000", "--input", input, "--output", output, "--decisions"]));
        var lines = File.ReadAllLines(output).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        Assert.Equal(docs.Select(d => d.Id), lines.Select(l => l["id"]!.GetValue<string>()));
        for (int i = 0; i < docs.Count; i++)
        {
            int words = docs[i].Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            string? expected = words < 12 ? "too_few_words" : docs[i].Text.Length > 2000 ? "too_long" : null;
            Assert.Equal(expected == null, lines[i]["keep"]!.GetValue<bool>());
            Assert.Equal(expected, lines[i]["reason"]?.GetValue<string>());
        }
        Assert.Contains(lines, l => l["keep"]!.GetValue<bool>());
        Assert.Contains(lines, l => !l["keep"]!.GetValue<bool>());
    }

    [Fact]
    public void KeptDocumentsGoToTheOutputFormatOfItsExtension()
    {
        using var dir = new TempDir();
        string input = RealDocuments.WebFile("nltk_webtext.jsonl.gz");
        string output = dir["kept.parquet"];
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["apply", "sampler", "--set", "rate=0.25", "--input", input, "--output", output]));
        long kept = IO.DocumentReader.ReadFile(output).Count();
        Assert.InRange(kept, 23109 * 0.22, 23109 * 0.28);
    }

    [Fact]
    public void BadSetValueIsAConfigErrorExit()
    {
        using var dir = new TempDir();
        Assert.Equal(ExitCodes.BadConfig, CommandLineApp.Run(["apply", "sampler", "--set", "rate=high", "--input", RealDocuments.WebFile("nltk_webtext.jsonl.gz"), "--output", dir["o.jsonl"]]));
        Assert.Equal(ExitCodes.BadConfig, CommandLineApp.Run(["apply", "smaple", "--input", RealDocuments.WebFile("nltk_webtext.jsonl.gz"), "--output", dir["o.jsonl"]]));
    }

    /// <summary>Words are what Python's str.split() gives: the information separators U+001C..U+001F split words too.</summary>
    [Fact]
    public void LengthFilterCountsWordsAsPythonSplits()
    {
        using var dir = new TempDir();
        string input = dir["in.jsonl"];
        File.WriteAllLines(input, [
            """{"id":"sep","text":"one\u001ctwo\u001dthree\u001efour\u001ffive"}""",
            """{"id":"nbsp","text":"one\u00a0two\u2003three\u3000four five"}""",
            """{"id":"glued","text":"one\u200btwo\u2060three four five"}""",
        ]);
        string output = dir["decisions.jsonl"];
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["apply", "length_filter", "--set", "min_words=5", "--input", input, "--output", output, "--decisions"]));
        var keep = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!).ToDictionary(l => l["id"]!.GetValue<string>(), l => l["keep"]!.GetValue<bool>());
        Assert.True(keep["sep"]);
        Assert.True(keep["nbsp"]);
        Assert.False(keep["glued"]); // zero-width space and word joiner are not whitespace: 3 words
    }
}
