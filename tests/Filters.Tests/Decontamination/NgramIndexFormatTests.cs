using System.Buffers.Binary;
using YuLanData.Filters.Decontamination;

namespace YuLanData.Filters.Tests.Decontamination;

public sealed class NgramIndexFormatTests
{
    private static NgramIndex Small()
    {
        var builder = new NgramIndexBuilder(new NgramIndexParameters(N: 5, MaxItemsPerNgram: 2, MinShortItemUnits: 3));
        builder.Add(new BenchmarkItem("quiz", "q1", "The quick brown fox jumps over the lazy dog today"));
        builder.Add(new BenchmarkItem("quiz", "q2", "Pack my box with five dozen liquor jugs"));
        builder.Add(new BenchmarkItem("quiz", "q3", "Pack my box with five dozen liquor jugs again"));
        builder.Add(new BenchmarkItem("quiz", "q4", "Pack my box with five dozen liquor jugs twice"));
        builder.Add(new BenchmarkItem("trivia", "t1", "Short one here"));
        builder.Add(new BenchmarkItem("trivia", "t2", "Two words"));
        builder.Add(new BenchmarkItem("trivia", "t3", "1 2 3 4 5 6 7"));
        return builder.Build();
    }

    private static byte[] Bytes(NgramIndex index)
    {
        var stream = new MemoryStream();
        index.Write(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Round_trips_byte_for_byte_and_keeps_its_contents()
    {
        var index = Small();
        var bytes = Bytes(index);
        Assert.True(NgramIndex.Magic.SequenceEqual(bytes.AsSpan(0, 8)));
        Assert.Equal(NgramIndex.FormatVersion, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        var back = NgramIndex.Read(bytes, "mem");
        Assert.Equal(bytes, Bytes(back));
        Assert.Equal(Bytes(Small()), bytes);
        Assert.Equal(["quiz", "trivia"], back.Benchmarks);
        Assert.Equal(index.Items, back.Items);
        Assert.Equal(index.NgramCount, back.NgramCount);
        Assert.Equal([3], back.ShortLengths);
        // "pack my box with five" is in q2, q3, q4: more than max_items_per_ngram = 2, so left out.
        Assert.True(back.CommonNgramsDropped >= 4);
        var q2 = back.Items.Single(i => i.Id == "q2");
        Assert.Equal(0, q2.Ngrams);
        Assert.Equal(6, back.Items.Single(i => i.Id == "q1").Ngrams);
        Assert.Equal(1, back.Items.Single(i => i.Id == "t1").Ngrams);
        Assert.Equal(0, back.Items.Single(i => i.Id == "t2").Ngrams); // below min_short_item_units
        Assert.Equal(0, back.Items.Single(i => i.Id == "t3").Ngrams); // numbers only
    }

    [Fact]
    public void Truncated_file_is_refused_with_a_clear_error()
    {
        var bytes = Bytes(Small());
        foreach (int length in new[] { bytes.Length - 1, bytes.Length - 17, 70, 40 })
        {
            var e = Assert.Throws<InvalidDataException>(() => NgramIndex.Read(bytes.AsSpan(0, length), "idx.bin"));
            Assert.Contains("idx.bin", e.Message);
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void Corrupted_byte_fails_the_checksum()
    {
        var bytes = Bytes(Small());
        bytes[100] ^= 0x40;
        var e = Assert.Throws<InvalidDataException>(() => NgramIndex.Read(bytes, "idx.bin"));
        Assert.Contains("checksum mismatch", e.Message);
    }

    [Fact]
    public void Wrong_magic_or_version_is_refused()
    {
        var bytes = Bytes(Small());
        var other = (byte[])bytes.Clone();
        other[0] = (byte)'X';
        Assert.Contains("not a decontamination index", Assert.Throws<InvalidDataException>(() => NgramIndex.Read(other, "f")).Message);
        other = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(other.AsSpan(8), 99);
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => NgramIndex.Read(other, "f")).Message);
        other = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(other.AsSpan(28), 77);
        Assert.Contains("normalization version 77", Assert.Throws<InvalidDataException>(() => NgramIndex.Read(other, "f")).Message);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => NgramIndex.ReadFile("/nonexistent/x.idx"));
        Assert.Contains("/nonexistent/x.idx", e.Message);
    }
}
