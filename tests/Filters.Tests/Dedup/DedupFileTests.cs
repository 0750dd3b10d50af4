using YuLanData.Filters.Dedup;

namespace YuLanData.Filters.Tests.Dedup;

public sealed class DedupFileTests : IDisposable
{
    private const string Params = "minhash/v1 test";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "yulandata-dedupfile-" + Guid.NewGuid().ToString("N"));

    public DedupFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private string WriteBucket(string name, int task, params (ulong Key, int Pos)[] entries)
    {
        string path = Path.Combine(_dir, name);
        using var w = new DedupFileWriter(path, DedupFileKind.Bucket, BucketEntry.Size, task, Params);
        foreach (var (key, pos) in entries)
        {
            new BucketEntry(key, DocRef.Of(task, pos)).Write(w.Next);
            w.Append();
        }
        w.Commit();
        return path;
    }

    private static List<BucketEntry> ReadAll(string path, string parameters = Params, int? unit = null)
    {
        using var r = new DedupFileReader(path, DedupFileKind.Bucket, BucketEntry.Size, parameters, unit);
        var list = new List<BucketEntry>();
        while (r.TryRead(out var b))
            list.Add(BucketEntry.Read(b, false));
        return list;
    }

    [Fact]
    public void Round_trip_and_atomic_commit()
    {
        string path = Path.Combine(_dir, "a.bin");
        using (var w = new DedupFileWriter(path, DedupFileKind.Bucket, BucketEntry.Size, 3, Params))
        {
            new BucketEntry(5, DocRef.Of(3, 1)).Write(w.Next);
            w.Append();
            Assert.False(File.Exists(path));
            Assert.True(File.Exists(w.PartialPath));
            w.Commit();
        }
        Assert.Equal([new BucketEntry(5, DocRef.Of(3, 1))], ReadAll(path, unit: 3));
        using (new DedupFileWriter(Path.Combine(_dir, "b.bin"), DedupFileKind.Bucket, BucketEntry.Size, 3, Params))
        {
        }
        Assert.Empty(Directory.GetFiles(_dir, "b.bin*"));
    }

    [Fact]
    public void Truncated_file_is_refused_naming_the_file()
    {
        string path = WriteBucket("t.bin", 0, (1, 0), (2, 1), (3, 2));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^30]);
        var e = Assert.Throws<DedupFormatException>(() => ReadAll(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Flipped_byte_is_a_checksum_error()
    {
        string path = WriteBucket("c.bin", 0, (1, 0), (2, 1), (3, 2));
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 20 - 30] ^= 0x40; // inside the records
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DedupFormatException>(() => ReadAll(path));
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Other_parameters_kind_or_unit_are_refused()
    {
        string path = WriteBucket("p.bin", 4, (1, 0));
        var e = Assert.Throws<DedupFormatException>(() => ReadAll(path, "minhash/v1 other"));
        Assert.Contains("other parameters", e.Message);
        Assert.Contains("minhash/v1 test", e.Message);
        Assert.Throws<DedupFormatException>(() => new DedupFileReader(path, DedupFileKind.Pairs, PairEntry.Size, Params));
        Assert.Contains("unit 4", Assert.Throws<DedupFormatException>(() => ReadAll(path, Params, 5)).Message);
        File.WriteAllText(Path.Combine(_dir, "junk.bin"), "this is not a dedup file at all, just some plain text long enough for a header");
        Assert.Contains("bad magic", Assert.Throws<DedupFormatException>(() => ReadAll(Path.Combine(_dir, "junk.bin"))).Message);
    }

    [Fact]
    public void Merge_pairs_runs_of_equal_keys_across_tasks_and_skips_reference_only_runs()
    {
        var a = WriteBucket("a.bin", 0, (1, 0), (7, 1), (9, 2));
        var b = WriteBucket("b.bin", 1, (1, 5), (7, 0), (8, 3));
        var r = WriteBucket("r.bin", 0, (7, 4), (8, 8), (8, 9), (10, 1));
        string output = Path.Combine(_dir, "pairs.bin");
        using (var w = new DedupFileWriter(output, DedupFileKind.Pairs, PairEntry.Size, 0, Params))
        {
            BucketMerger.Merge([new(a, 0, false), new(b, 1, false), new(r, 0, true)], Params, w);
            w.Commit();
        }
        var pairs = new List<string>();
        using (var reader = new DedupFileReader(output, DedupFileKind.Pairs, PairEntry.Size, Params))
            while (reader.TryRead(out var bytes))
            {
                var p = PairEntry.Read(bytes);
                pairs.Add($"{p.First}-{p.Second}");
            }
        Assert.Equal(["0:0-1:5", "0:1-1:0", "0:1-ref:0:4", "1:3-ref:0:8", "1:3-ref:0:9"], pairs);
    }

    [Fact]
    public void Merge_refuses_an_unsorted_file()
    {
        var a = WriteBucket("u.bin", 0, (5, 0), (2, 1));
        using var w = new DedupFileWriter(Path.Combine(_dir, "out.bin"), DedupFileKind.Pairs, PairEntry.Size, 0, Params);
        var e = Assert.Throws<DedupFormatException>(() => BucketMerger.Merge([new(a, 0, false)], Params, w));
        Assert.Contains("out of order", e.Message);
    }
}
