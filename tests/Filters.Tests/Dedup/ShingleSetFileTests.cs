using System.IO.Compression;
using System.Text.Json;
using YuLanData.Filters.Dedup;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.Dedup;

public sealed class ShingleSetFileTests : IDisposable
{
    private const string Params = "minhash/v1 test";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "yulandata-shinglesets-" + Guid.NewGuid().ToString("N"));

    public ShingleSetFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private static List<string> Bbc(int count)
    {
        using var gz = new GZipStream(File.OpenRead(RepoPaths.SharedData("web", "bbc_news_2225.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var texts = new List<string>();
        while (texts.Count < count && reader.ReadLine() is { } line)
            texts.Add(JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);
        return texts;
    }

    [Fact]
    public void Fingerprint_jaccard_matches_exact_64_bit_jaccard_on_real_near_duplicates()
    {
        var hasher = new MinHasher(new MinHashParameters());
        var texts = Bbc(200);
        double worst = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            var words = texts[i].Split(' ');
            for (int k = 0; k < words.Length; k += 25)
                words[k] += "x";
            var a = hasher.Shingles(texts[i]);
            var b = hasher.Shingles(string.Join(' ', words));
            double exact = ShingleSet.Jaccard(ShingleSet.Of(a), ShingleSet.Of(b));
            double stored = ShingleSet.Jaccard(ShingleSet.Fingerprints(a), ShingleSet.Fingerprints(b));
            worst = Math.Max(worst, Math.Abs(exact - stored));
        }
        Assert.True(worst < 0.002, $"largest difference {worst}");
    }

    [Fact]
    public void Bottom_k_sketches_estimate_jaccard_on_real_near_duplicates_and_whole_sets_give_it_exactly()
    {
        var hasher = new MinHasher(new MinHashParameters());
        var texts = Bbc(300);
        double squared = 0, worst = 0;
        int pairs = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            var words = texts[i].Split(' ');
            for (int k = i % 7; k < words.Length; k += 20 + i % 30)
                words[k] += "x";
            var a = ShingleSet.Fingerprints(hasher.Shingles(texts[i]));
            var b = ShingleSet.Fingerprints(hasher.Shingles(string.Join(' ', words)));
            double exact = ShingleSet.Jaccard(a, b);
            Assert.Equal(exact, ShingleSet.SketchJaccard(a, true, b, true));
            if (a.Length <= 256 || b.Length <= 256)
                continue;
            double error = ShingleSet.SketchJaccard(a[..256], false, b[..256], false) - exact;
            squared += error * error;
            worst = Math.Max(worst, Math.Abs(error));
            pairs++;
        }
        double rms = Math.Sqrt(squared / pairs);
        Assert.True(pairs >= 100, $"{pairs} pairs");
        // Jaccard here is 0.5-0.9: sqrt(J(1-J)/256) is at most 0.031.
        Assert.True(rms < 0.035, $"root mean square error {rms:F4} over {pairs} pairs");
        Assert.True(worst < 0.13, $"largest error {worst:F3}");
    }

    private string WriteSets(params (uint[] Set, float Cleanliness)[] docs)
    {
        string path = Path.Combine(_dir, "00003.bin");
        using var writer = new ShingleSetWriter(path, 3, Params);
        foreach (var (set, cleanliness) in docs)
            writer.Append(set, set.Length, cleanliness);
        writer.Commit();
        return path;
    }

    [Fact]
    public void Round_trip_keeps_only_the_asked_positions()
    {
        string path = WriteSets(([1, 5, 9], 0.5f), ([], 0.25f), ([2, 3], 1f), ([7], 0f));
        var got = new Dictionary<int, (uint[], float)>();
        ShingleSetReader.Read(path, 3, Params, new HashSet<int> { 1, 2 }, (p, s, whole, c) => got[p] = (whole ? s : [], c));
        Assert.Equal([1, 2], got.Keys.Order());
        Assert.Empty(got[1].Item1);
        Assert.Equal(0.25f, got[1].Item2);
        Assert.Equal([2u, 3u], got[2].Item1);
        Assert.Equal(1f, got[2].Item2);
    }

    [Fact]
    public void A_flipped_byte_a_truncated_file_and_another_task_are_refused_naming_the_file()
    {
        string path = WriteSets(([1, 5, 9], 0.5f), ([2, 3], 1f));
        var bytes = File.ReadAllBytes(path);
        var noop = new HashSet<int> { 0, 1 };

        var flipped = (byte[])bytes.Clone();
        flipped[^25] ^= 0x10; // inside the last record
        File.WriteAllBytes(path, flipped);
        var e = Assert.Throws<DedupFormatException>(() => ShingleSetReader.Read(path, 3, Params, noop, (_, _, _, _) => { }));
        Assert.Contains(path, e.Message);

        File.WriteAllBytes(path, bytes[..^8]);
        e = Assert.Throws<DedupFormatException>(() => ShingleSetReader.Read(path, 3, Params, noop, (_, _, _, _) => { }));
        Assert.Contains("truncated", e.Message);

        File.WriteAllBytes(path, bytes);
        e = Assert.Throws<DedupFormatException>(() => ShingleSetReader.Read(path, 4, Params, noop, (_, _, _, _) => { }));
        Assert.Contains("unit 3", e.Message);
    }

    [Fact]
    public void A_count_beyond_the_file_is_refused()
    {
        // A well-formed file whose first entry announces more fingerprints than the file holds.
        string path = Path.Combine(_dir, "00003.bin");
        using (var w = new DedupFileWriter(path, DedupFileKind.ShingleSets, 4, 3, Params))
        {
            foreach (uint word in new uint[] { 1000, 1000, 0, 1, 2 })
            {
                BitConverter.TryWriteBytes(w.Next, word);
                w.Append();
            }
            w.Commit();
        }
        var e = Assert.Throws<DedupFormatException>(() => ShingleSetReader.Read(path, 3, Params, new HashSet<int> { 0 }, (_, _, _, _) => { }));
        Assert.Contains("1000 fingerprints announced", e.Message);
    }
}
