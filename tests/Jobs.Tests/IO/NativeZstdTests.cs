using System.Diagnostics;
using System.Text;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests;

/// <summary>The libzstd streams against the zstd CLI and against the managed ZstdSharp port.</summary>
public class NativeZstdTests
{
    private static byte[] Sample()
    {
        var text = string.Join("\n", RealDocuments.Load("bbc_news_2225.jsonl.gz", 400).Select(d => d.Text));
        return Encoding.UTF8.GetBytes(text);
    }

    private static byte[] NativeCompress(byte[] data, int chunk)
    {
        var ms = new MemoryStream();
        using (var z = new NativeZstdWriteStream(new NonClosing(ms), CompressedStreams.ZstdLevel))
            for (var off = 0; off < data.Length; off += chunk)
                z.Write(data, off, Math.Min(chunk, data.Length - off));
        return ms.ToArray();
    }

    private static byte[] ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        s.CopyTo(ms, 7919); // an odd buffer: output arrives in pieces that end mid-frame
        return ms.ToArray();
    }

    [Fact]
    public void LibzstdLoadsHere() => Assert.True(NativeZstd.IsAvailable, "libzstd.so.1 (Debian's libzstd1) did not load");

    [Fact]
    public void OutputIsReadByTheZstdCliAndByZstdSharp()
    {
        using var dir = new TempDir();
        var data = Sample();
        var compressed = NativeCompress(data, 3000);
        Assert.True(compressed.Length < data.Length / 2);
        File.WriteAllBytes(dir["a.zst"], compressed);
        var cli = Process.Start(new ProcessStartInfo("zstd", ["-d", "-q", "-f", dir["a.zst"], "-o", dir["a.out"]]) { RedirectStandardError = true })!;
        cli.WaitForExit();
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(data, File.ReadAllBytes(dir["a.out"]));
        using var managed = new ZstdSharp.DecompressionStream(new MemoryStream(compressed));
        Assert.Equal(data, ReadAll(managed));
    }

    [Fact]
    public void ReadsCliAndZstdSharpFramesIncludingConcatenatedOnes()
    {
        using var dir = new TempDir();
        var data = Sample();
        File.WriteAllBytes(dir["b"], data);
        var cli = Process.Start(new ProcessStartInfo("zstd", ["-q", "-19", "-f", dir["b"], "-o", dir["b.zst"]]) { RedirectStandardError = true })!;
        cli.WaitForExit();
        Assert.Equal(0, cli.ExitCode);
        var managed = new MemoryStream();
        using (var z = new ZstdSharp.CompressionStream(new NonClosing(managed), 3))
            z.Write(data);
        var both = File.ReadAllBytes(dir["b.zst"]).Concat(managed.ToArray()).ToArray();
        using var read = new NativeZstdReadStream(new MemoryStream(both));
        Assert.Equal(data.Concat(data).ToArray(), ReadAll(read));
        using var empty = new NativeZstdReadStream(new MemoryStream());
        Assert.Empty(ReadAll(empty));
    }

    [Fact]
    public void TruncatedOrCorruptInputThrows()
    {
        var compressed = NativeCompress(Sample(), 1 << 16);
        foreach (var cut in new[] { compressed.Length - 1, compressed.Length / 2, 20 })
        {
            using var truncated = new NativeZstdReadStream(new MemoryStream(compressed[..cut]));
            var e = Assert.Throws<InvalidDataException>(() => ReadAll(truncated));
            Assert.Contains("truncated", e.Message);
        }
        var corrupt = (byte[])compressed.Clone();
        for (var i = 100; i < 140; i++) corrupt[i] ^= 0x5a;
        using var bad = new NativeZstdReadStream(new MemoryStream(corrupt));
        Assert.Throws<InvalidDataException>(() => ReadAll(bad));
    }

    /// <summary>Keeps a MemoryStream readable after the compressor disposes it.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
