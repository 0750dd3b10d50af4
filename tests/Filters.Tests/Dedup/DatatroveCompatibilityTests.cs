using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Filters.Dedup;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.Dedup;

/// <summary>
/// The datatrove hash scheme against datatrove_signatures.jsonl: signatures computed by NumPy following datatrove's
/// MinhashDedupSignature with 64-bit hashes (sha1_hash64 of " ".join(5-gram), RandomState(1).randint parameters,
/// (s*a+b) % (2^61-1) in wrapping uint64, min), over datatrove's own simplify_text (@ a649de79) split on whitespace
/// (datatrove uses a word tokenizer there, which also splits e.g. "cannot"; that part is not reproduced).
/// Regenerate with make_datatrove_signatures.py.
/// </summary>
public class DatatroveCompatibilityTests
{
    private static readonly string[] Fixture = File.ReadAllLines(Path.Combine(RepoPaths.Root, "tests", "Filters.Tests", "Dedup", "datatrove_signatures.jsonl"));

    [Fact]
    public void Numpy_randint_parameters_are_reproduced()
    {
        var header = JsonNode.Parse(Fixture[0])!;
        var mt = new NumpyMt19937(1);
        const ulong p = (1UL << 61) - 1;
        var a = Enumerable.Range(0, 112).Select(_ => mt.RandInt(1, p)).ToArray();
        var b = Enumerable.Range(0, 112).Select(_ => mt.RandInt(0, p)).ToArray();
        Assert.Equal(header["a"]!.AsArray().Select(x => x!.GetValue<ulong>()), a[..5]);
        Assert.Equal(header["b"]!.AsArray().Select(x => x!.GetValue<ulong>()), b[..5]);
    }

    [Fact]
    public void Signatures_equal_numpy_datatrove_on_real_documents()
    {
        var hasher = new MinHasher(new MinHashParameters { Scheme = HashScheme.Datatrove });
        var files = new Dictionary<string, List<string>>();
        int checkedDocs = 0;
        foreach (var line in Fixture.Skip(1))
        {
            var node = JsonNode.Parse(line)!;
            string file = node["file"]!.GetValue<string>();
            if (!files.TryGetValue(file, out var texts))
                files[file] = texts = ReadTexts(file);
            string text = texts[node["line"]!.GetValue<int>() - 1];
            var expected = node["signature"]!.AsArray().Select(x => x!.GetValue<ulong>()).ToArray();
            var actual = new ulong[112];
            Assert.True(hasher.TrySignature(text, actual));
            Assert.Equal(expected, actual);
            checkedDocs++;
        }
        Assert.True(checkedDocs >= 20);
    }

    private static List<string> ReadTexts(string name)
    {
        using var gz = new GZipStream(File.OpenRead(RepoPaths.SharedData("web", name)), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var texts = new List<string>();
        while (reader.ReadLine() is { } line)
            texts.Add(JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);
        return texts;
    }
}
