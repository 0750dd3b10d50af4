using System.Text.Json;
using System.IO.Compression;
using YuLanData.Filters.Dedup;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.Dedup;

public class MinHasherTests
{
    private static readonly MinHasher Hasher = new(new MinHashParameters());

    internal static List<string> BbcTexts(int max)
    {
        using var gz = new GZipStream(File.OpenRead(RepoPaths.SharedData("web", "bbc_news_2225.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var texts = new List<string>();
        while (texts.Count < max && reader.ReadLine() is { } line)
            texts.Add(JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);
        return texts;
    }

    private static double Estimate(string a, string b)
    {
        var sa = new ulong[112];
        var sb = new ulong[112];
        Assert.True(Hasher.TrySignature(a, sa));
        Assert.True(Hasher.TrySignature(b, sb));
        return sa.Zip(sb).Count(p => p.First == p.Second) / 112.0;
    }

    [Fact]
    public void Signature_estimates_jaccard_on_real_edited_text()
    {
        var texts = BbcTexts(40).Distinct().ToList();
        var errors = new List<double>();
        foreach (var text in texts.Take(20))
        {
            var words = text.Split(' ');
            // drop every 15th word: a moderate edit
            string edited = string.Join(' ', words.Where((_, i) => i % 15 != 7));
            double truth = Hasher.Jaccard(text, edited);
            double estimate = Estimate(text, edited);
            errors.Add(Math.Abs(truth - estimate));
        }
        // 112 hashes: standard error sqrt(J(1-J)/112) <= 0.047
        Assert.True(errors.Average() < 0.05, $"mean |estimate - jaccard| = {errors.Average():F3}");
        Assert.True(errors.Max() < 0.15, $"max error {errors.Max():F3}");
    }

    [Fact]
    public void Unrelated_real_documents_share_no_band()
    {
        var texts = BbcTexts(300).Distinct().ToList();
        var keys = new Dictionary<(int Band, UInt128 Key), int>();
        var sig = new ulong[112];
        int collisions = 0;
        foreach (var (text, index) in texts.Select((t, i) => (t, i)))
        {
            Assert.True(Hasher.TrySignature(text, sig));
            for (int b = 0; b < 14; b++)
                if (!keys.TryAdd((b, Hasher.BandKey(sig, b)), index))
                    collisions++;
        }
        // A few real near-duplicate stories exist in BBC; unrelated documents must not collide en masse.
        Assert.True(collisions <= 30, $"{collisions} band collisions among {texts.Count} documents");
    }

    [Fact]
    public void Normalization_makes_case_punctuation_and_digits_irrelevant()
    {
        string a = "The Quick brown fox, born in 2019, jumps over the lazy dog again and again.";
        string b = "the quick BROWN fox born in 1999 jumps over the lazy dog again and again";
        var sa = new ulong[112];
        var sb = new ulong[112];
        Hasher.TrySignature(a, sa);
        Hasher.TrySignature(b, sb);
        Assert.Equal(sa, sb);
    }

    [Fact]
    public void Too_short_documents_have_no_signature_and_seed_changes_hashes()
    {
        Assert.False(Hasher.TrySignature("only four words here", new ulong[112]));
        var other = new MinHasher(new MinHashParameters { Seed = 2 });
        string text = BbcTexts(1)[0];
        var s1 = new ulong[112];
        var s2 = new ulong[112];
        Hasher.TrySignature(text, s1);
        other.TrySignature(text, s2);
        Assert.NotEqual(s1, s2);
    }

    [Fact]
    public void Char_shingles_for_code()
    {
        var code = new MinHasher(new MinHashParameters { Unit = ShingleUnit.Char, NGram = 8, Normalize = false });
        string a = "for (int i = 0; i < n; i++) { total += values[i] * weights[i]; }";
        string b = "for (int j = 0; j < n; j++) { total += values[j] * weights[j]; }";
        Assert.Equal(a.Length - 8 + 1, code.Shingles(a).Length);
        Assert.True(code.Jaccard(a, a) == 1);
        Assert.InRange(code.Jaccard(a, b), 0.05, 0.9);
    }
}

public class MinHasherVectorTests
{
    [Fact]
    public void Vectorized_signature_equals_the_portable_loop_on_real_text()
    {
        var hasher = new MinHasher(new MinHashParameters());
        foreach (var text in MinHasherTests.BbcTexts(50))
        {
            var shingles = hasher.Shingles(text);
            var fast = new ulong[112];
            var slow = new ulong[112];
            hasher.SignatureOf(shingles, fast);
            hasher.SignatureScalar(shingles, slow);
            Assert.Equal(slow, fast);
        }
    }
}
