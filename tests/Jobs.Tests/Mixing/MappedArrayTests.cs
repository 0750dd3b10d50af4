using System.Runtime.InteropServices;
using YuLanData.Jobs.Mixing;

namespace YuLanData.Jobs.Tests.Mixing;

/// <summary>The memory-mapped record array a source index keeps its documents in.</summary>
public class MappedArrayTests
{
    [Fact]
    public void ReadsTheRecordsAsWrittenWithoutLoadingThem()
    {
        using var dir = new TempDir();
        const int count = 200_000;
        var records = Enumerable.Range(0, count)
            .Select(i => new IndexedDocument(i * 7L, i % 1000, i % 3, i * 2L, i * 11L, i % 50, i % 4000, i * 13L)).ToArray();
        File.WriteAllBytes(dir["docs.bin"], MemoryMarshal.AsBytes(records.AsSpan()).ToArray());
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var mapped = new MappedArray<IndexedDocument>(dir["docs.bin"]);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024, "mapping must not copy the file into the heap");
        Assert.Equal(count, mapped.Count);
        Assert.Equal(48 * count, new FileInfo(dir["docs.bin"]).Length);
        foreach (var i in new[] { 0, 1, 12_345, count - 1 })
            Assert.Equal(records[i], mapped[i]);
        Assert.Equal(records.Sum(r => (long)r.Tokens), mapped.Sum(r => (long)r.Tokens));
        Assert.Throws<ArgumentOutOfRangeException>(() => mapped[count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => mapped[-1]);
    }

    [Fact]
    public void EmptyAndTruncatedFiles()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["empty.bin"], []);
        using (var empty = new MappedArray<double>(dir["empty.bin"]))
            Assert.Empty(empty);
        File.WriteAllBytes(dir["cut.bin"], new byte[48 * 3 + 5]);
        var e = Assert.Throws<InvalidDataException>(() => new MappedArray<IndexedDocument>(dir["cut.bin"]));
        Assert.Contains(dir["cut.bin"], e.Message);
    }
}
