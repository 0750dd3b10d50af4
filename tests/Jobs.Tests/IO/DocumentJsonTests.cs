using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests;

/// <summary>
/// The one-pass record parser against the rules it replaces, written here on <see cref="JsonNode"/>: text, id and
/// source taken out, a nested <c>metadata</c> object merged back, everything else kept, metadata written as a
/// node would write it.
/// </summary>
public class DocumentJsonTests
{
    private static readonly ReaderOptions Options = new();

    /// <summary>The reference: parse the whole record into nodes and take it apart.</summary>
    private static (string Id, string Text, string Source, string Metadata)? Reference(string line, ReaderOptions options, string file, long row)
    {
        var obj = JsonNode.Parse(line)!.AsObject();
        if (!obj.TryGetPropertyValue(options.TextField, out var textNode) || textNode is null || textNode.GetValueKind() != JsonValueKind.String) return null;
        var text = textNode.GetValue<string>();
        obj.Remove(options.TextField);
        string? id = null;
        if (obj.TryGetPropertyValue(options.IdField, out var idNode) && idNode is JsonValue idValue)
        {
            id = idValue.GetValueKind() == JsonValueKind.String ? idValue.GetValue<string>() : idValue.ToJsonString();
            obj.Remove(options.IdField);
        }
        var source = file;
        if (options.SourceField is { } sf && obj.TryGetPropertyValue(sf, out var s) && s is JsonValue sv && sv.GetValueKind() == JsonValueKind.String)
        {
            source = sv.GetValue<string>();
            obj.Remove(sf);
        }
        if (obj.TryGetPropertyValue("metadata", out var nested) && nested is JsonObject nestedObject)
        {
            obj.Remove("metadata");
            foreach (var (key, value) in nestedObject.ToArray())
            {
                nestedObject.Remove(key);
                obj[key] = value;
            }
        }
        return (id ?? DocumentJson.GeneratedId(file, row), text, source, obj.ToJsonString(JsonOutput.Compact));
    }

    private static void AssertSameAsReference(string line, ReaderOptions? options = null)
    {
        options ??= Options;
        var expected = Reference(line, options, "in.jsonl", 7);
        var doc = DocumentJson.Parse(Encoding.UTF8.GetBytes(line), options, "in.jsonl", 7, out var error);
        if (expected is null)
        {
            Assert.Null(doc);
            Assert.Equal("missing_text", error.Kind);
            return;
        }
        Assert.NotNull(doc);
        Assert.Equal(expected.Value.Id, doc.Id);
        Assert.Equal(expected.Value.Text, doc.Text);
        Assert.Equal(expected.Value.Source, doc.Source);
        // Untouched (copied bytes) and opened (nodes) metadata both write what the reference writes.
        Assert.Equal(expected.Value.Metadata, doc.MetadataJson());
        Assert.Equal(expected.Value.Metadata, doc.Metadata.ToJsonString(JsonOutput.Compact));
    }

    public static TheoryData<string> EdgeCases => new()
    {
        """{"text":"plain"}""",
        """{ "text" : "spaced" , "url" : "http://x" , "n" : 1.50e3 }""",
        """{"text":"esc \" \\ \n \u00e9 \ud83d\ude00 \u2028 <tag> &","k\u00e9y":"v\u0041l"}""",
        """{"id":42,"text":"numeric id","source":"s1"}""",
        """{"id":true,"text":"bool id"}""",
        """{"id":null,"text":"null id stays in metadata"}""",
        """{"id":{"a":1},"text":"object id stays"}""",
        """{"id":"x","text":"t","source":7}""",
        """{"text":"t","metadata":"not an object"}""",
        """{"text":"t","a":1,"metadata":{"a":2,"b":[1, {"c" : null}],"text":"nested text is metadata","id":"nested id too"},"z":false}""",
        """{"text":"t","metadata":{}}""",
        """{"text":"t","deep":{"x":[[[{"y":[true,false,null,-0.0,1E-7]}]]]}}""",
        """{"text":"t","empty":"","arr":[],"obj":{}}""",
        """{"text":null}""",
        """{"text":5}""",
        """{"text":["a"]}""",
        """{"body":"other text field"}""",
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void EdgeCasesMatchTheNodeReference(string line) => AssertSameAsReference(line);

    [Fact]
    public void OtherFieldNamesMatchTheNodeReference()
    {
        var options = new ReaderOptions { TextField = "body", IdField = "doc_id", SourceField = "origin" };
        AssertSameAsReference("""{"doc_id":"d1","body":"b","origin":"o","id":"kept","text":"kept too"}""", options);
        AssertSameAsReference("""{"body":"b","origin":{"x":1}}""", options);
    }

    /// <summary>Every record of real files, and the records our own writer produces from them (nested metadata).</summary>
    [Theory]
    [InlineData("article_extraction_benchmark_groundtruth.jsonl")]
    [InlineData("dclm_quality_annotated_cc.jsonl.gz")]
    [InlineData("datajuicer_redpajama_pile_samples.jsonl")]
    public void RealRecordsMatchTheNodeReference(string name)
    {
        var path = RealDocuments.WebFile(name);
        using var stream = name.EndsWith(".gz") ? (Stream)new GZipStream(File.OpenRead(path), CompressionMode.Decompress) : File.OpenRead(path);
        using var reader = new StreamReader(stream);
        var count = 0;
        var rewritten = new MemoryStream();
        using (var writer = new Utf8JsonWriter(rewritten, DocumentJson.WriterOptions))
        {
            while (reader.ReadLine() is { } line && count < 3000)
            {
                if (line.Length == 0) continue;
                AssertSameAsReference(line);
                var doc = DocumentJson.Parse(Encoding.UTF8.GetBytes(line), Options, "in.jsonl", count, out _)!;
                DocumentJson.Write(writer, doc);
                writer.Flush();
                writer.Reset();
                rewritten.WriteByte((byte)'\n');
                count++;
            }
        }
        Assert.True(count > 50, $"{name}: only {count} records");
        foreach (var line in Encoding.UTF8.GetString(rewritten.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            AssertSameAsReference(line);
    }

    /// <summary>A repeated key: its last value, at its first position (Python's json.loads; JsonNode refuses these).</summary>
    [Fact]
    public void RepeatedKeysKeepTheLastValue()
    {
        var doc = DocumentJson.Parse("""{"x":1,"text":"first","y":2,"x":3,"text":"second","metadata":{"y":4,"y":5}}"""u8, Options, "f", 1, out _)!;
        Assert.Equal("second", doc.Text);
        Assert.Equal("""{"x":3,"y":5}""", doc.MetadataJson());
    }

    [Theory]
    [InlineData("""{"text":"a"} trailing""")]
    [InlineData("""{"text":"a"}{"text":"b"}""")]
    [InlineData("""{"text":"a",}""")]
    [InlineData("""{"text":"a\x"}""")]
    [InlineData("""["text"]""")]
    [InlineData("""  "just a string" """)]
    public void MalformedRecordsAreBadJson(string line)
    {
        var doc = DocumentJson.Parse(Encoding.UTF8.GetBytes(line), Options, "f", 1, out var error);
        Assert.Null(doc);
        Assert.Equal("bad_json", error.Kind);
    }

    /// <summary>Metadata edited by a stage is written from the nodes; untouched metadata from the copied bytes.</summary>
    [Fact]
    public void EditedMetadataIsWrittenFromNodes()
    {
        var doc = DocumentJson.Parse("""{"text":"t","a":1}"""u8, Options, "f", 1, out _)!;
        doc.Metadata["b"] = "added";
        Assert.Equal("""{"a":1,"b":"added"}""", doc.MetadataJson());
    }
}
