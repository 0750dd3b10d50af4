using System.Text.Json.Nodes;
using YuLanData.Inference.Tokenization;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>Features this implementation does not reproduce are refused with an error naming the file and the feature.</summary>
public sealed class TokenizerFileErrorTests
{
    public static TheoryData<string, string> UnsupportedEdits() => new()
    {
        { "normalizer-nfkc", "normalizer.type = \"NFKC\"" },
        { "normalizer-lowercase-in-sequence", "normalizer.normalizers[2].type = \"Lowercase\"" },
        { "model-wordpiece", "model.type = \"WordPiece\"" },
        { "model-dropout", "model.dropout" },
        { "pretokenizer-whitespace", "pre_tokenizer.type = \"Whitespace\"" },
        { "pretokenizer-other-regex", "pre_tokenizer Split pattern" },
        { "added-single-word", "single_word = true" },
        { "post-processor-unknown", "post_processor.type = \"Weird\"" },
        { "decoder-wordpiece", "decoder.type = \"WordPiece\"" },
        { "truncation", "truncation = " },
        { "replace-regex", "normalizer.normalizers[1].pattern = {\"Regex\"" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedEdits))]
    public void UnsupportedFeatureIsNamed(string edit, string expectedFeature)
    {
        string path = DerivedTokenizerFiles.Write(TokenizerFixtures.SentencePiece, root => Apply(edit, root));
        var error = Assert.Throws<UnsupportedTokenizerFeatureException>(() => HuggingFaceTokenizer.Load(path));
        Assert.Contains(expectedFeature, error.Feature);
        Assert.StartsWith(path, error.Message);
    }

    private static void Apply(string edit, JsonObject root)
    {
        JsonObject model = root["model"]!.AsObject();
        switch (edit)
        {
            case "normalizer-nfkc": root["normalizer"] = new JsonObject { ["type"] = "NFKC" }; break;
            case "normalizer-lowercase-in-sequence": root["normalizer"]!["normalizers"]!.AsArray().Add(new JsonObject { ["type"] = "Lowercase" }); break;
            case "model-wordpiece": model["type"] = "WordPiece"; break;
            case "model-dropout": model["dropout"] = 0.1; break;
            case "pretokenizer-whitespace": root["pre_tokenizer"] = new JsonObject { ["type"] = "Whitespace" }; break;
            case "pretokenizer-other-regex":
                root["pre_tokenizer"] = new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = "\\w+" }, ["behavior"] = "Isolated", ["invert"] = false };
                break;
            case "added-single-word": root["added_tokens"]![1]!["single_word"] = true; break;
            case "post-processor-unknown": root["post_processor"] = new JsonObject { ["type"] = "Weird" }; break;
            case "decoder-wordpiece": root["decoder"] = new JsonObject { ["type"] = "WordPiece" }; break;
            case "truncation": root["truncation"] = new JsonObject { ["max_length"] = 512 }; break;
            case "replace-regex": root["normalizer"]!["normalizers"]![1]!["pattern"] = new JsonObject { ["Regex"] = " +" }; break;
        }
    }

    [Fact]
    public void IgnoreMergesWithByteLevelIsRefused()
    {
        string path = DerivedTokenizerFiles.Write(TokenizerFixtures.ByteLevel, root => root["model"]!["ignore_merges"] = true);
        var error = Assert.Throws<UnsupportedTokenizerFeatureException>(() => HuggingFaceTokenizer.Load(path));
        Assert.Contains("model.ignore_merges", error.Feature);
    }

    [Fact]
    public void BrokenFilesNameTheFileAndTheProblem()
    {
        string folder = Path.Combine(Path.GetTempPath(), "yulandata-tokenizer-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string truncated = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(truncated, File.ReadAllText(TokenizerFixtures.PathOf(TokenizerFixtures.SentencePiece))[..5000]);
        var invalid = Assert.Throws<InvalidDataException>(() => HuggingFaceTokenizer.Load(folder));
        Assert.Contains(truncated, invalid.Message);
        Assert.Contains("not valid JSON", invalid.Message);

        string badMerge = DerivedTokenizerFiles.Write(TokenizerFixtures.SentencePiece, root => root["model"]!["merges"]![3] = "nospace");
        var merge = Assert.Throws<InvalidDataException>(() => HuggingFaceTokenizer.Load(badMerge));
        Assert.Contains("model.merges[3]", merge.Message);

        string unknownMergeToken = DerivedTokenizerFiles.Write(TokenizerFixtures.SentencePiece, root => root["model"]!["merges"]![3] = "zzzq qqqz");
        var missing = Assert.Throws<InvalidDataException>(() => HuggingFaceTokenizer.Load(unknownMergeToken));
        Assert.Contains(unknownMergeToken, missing.Message);

        Assert.Throws<FileNotFoundException>(() => HuggingFaceTokenizer.Load(Path.Combine(folder, "missing.json")));
    }
}
