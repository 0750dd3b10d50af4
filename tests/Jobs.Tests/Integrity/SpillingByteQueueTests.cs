using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>The queue that holds unverified bytes, against a plain list, through memory, the spill file and truncation.</summary>
public class SpillingByteQueueTests
{
    [Fact]
    public void RandomAppendsReadsAndTruncationsMatchAPlainList()
    {
        using var dir = new TempDir();
        var rng = new Random(7);
        using var queue = new SpillingByteQueue(memoryLimit: 1 << 20, dir.Path);
        var model = new List<byte>();
        long readPos = 0, written = 0;
        for (int step = 0; step < 3000; step++)
        {
            int op = rng.Next(10);
            if (op < 5)
            {
                var span = queue.GetAppendSpan();
                int n = rng.Next(0, Math.Min(span.Length, 300_000) + 1);
                for (int i = 0; i < n; i++)
                    span[i] = (byte)(written + i);
                queue.Advance(n);
                for (int i = 0; i < n; i++)
                    model.Add((byte)(written + i));
                written += n;
            }
            else if (op < 8)
            {
                var buffer = new byte[rng.Next(1, 400_000)];
                long limit = readPos + rng.Next(0, 500_000);
                int n = queue.Read(buffer, limit);
                Assert.Equal((int)Math.Min(Math.Min(buffer.Length, limit - readPos), written - readPos) > 0, n > 0);
                Assert.True(buffer.AsSpan(0, n).SequenceEqual(model.GetRange((int)readPos, n).ToArray()), $"step {step}");
                readPos += n;
            }
            else if (op == 8 && written > readPos)
            {
                long to = readPos + rng.NextInt64(0, written - readPos + 1);
                var scanned = new List<byte>();
                queue.Scan(to, b => scanned.AddRange(b.ToArray()));
                Assert.Equal(model.GetRange((int)to, (int)(written - to)), scanned);
                queue.TruncateTo(to);
                model.RemoveRange((int)to, (int)(written - to));
                written = to;
            }
            Assert.Equal(readPos, queue.ReadPosition);
            Assert.Equal(written, queue.WritePosition);
        }
        Assert.True(queue.SpilledBytes > 0, "the run never reached the spill file");
    }
}
