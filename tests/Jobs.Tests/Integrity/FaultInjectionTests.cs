using System.Text.Json.Nodes;
using Xunit.Abstractions;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>
/// Randomly damaged copies (bit flips, truncation, inserted and overwritten bytes at seeded random offsets) of real
/// gzip, zstd and Parquet inputs: no kept record may differ from its source, every damage that changes what can be read
/// must be reported, and every record of an undamaged unit must be kept.
/// </summary>
public class FaultInjectionTests(ITestOutputHelper log)
{
    private const int CopiesPerInput = 40;
    private static readonly Lazy<List<Document>> Docs = new(() => CorruptibleInput.RealDocumentsWithIds(400));

    private static List<CorruptibleInput> VerifiableInputs() =>
    [
        CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlGzip),
        CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlGzip, linesPerUnit: 25),
        CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlGzip, splitEveryBytes: 50_000),
        CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlZstd),
        CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlZstd, linesPerUnit: 25),
        CorruptibleInput.Parquet(Docs.Value, rowsPerGroup: 40),
    ];

    [Fact]
    public void RandomCorruptionsKeepNoGarbledRecordReportEveryLossAndKeepEveryGoodRecord()
    {
        using var dir = new TempDir();
        var table = new List<FaultFigures>();
        var failures = new List<string>();
        int seed = 1;
        foreach (var input in VerifiableInputs())
        {
            var figures = new FaultFigures(input.Name);
            for (int i = 0; i < CopiesPerInput; i++, seed++)
            {
                var fault = Fault.Random(seed, input.Bytes.Length);
                var outcome = FaultOutcome.Judge(input, fault.Apply(input.Bytes), input.DamagedUnits(fault), dir.Path);
                figures.Add(outcome);
                if (outcome.Garbled > 0 || outcome.Unreported || outcome.GoodLost > 0)
                    failures.Add($"{input.Name}, {fault}: {outcome.Garbled} garbled kept, {outcome.Reports} reports, {outcome.GoodLost} good records lost; " +
                        string.Join(" | ", outcome.Entries.Select(e => $"{e.Kind}: {e.Error}")));
            }
            table.Add(figures);
        }
        log.WriteLine(FaultFigures.Header);
        foreach (var f in table)
            log.WriteLine(f.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.All(table, f => Assert.True(f.Reported > f.Files / 2, f.ToString()));
    }

    [Fact]
    public void OneFlippedBitInAMultiMemberGzipLosesOnlyItsMemberAndIsQuarantinedWithItsByteRange()
    {
        using var dir = new TempDir();
        var input = CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlGzip, linesPerUnit: 25);
        var (start, end) = input.Units[3];
        var damaged = (byte[])input.Bytes.Clone();
        damaged[(start + end) / 2] ^= 0x10;
        string path = dir["input.jsonl.gz"];
        File.WriteAllBytes(path, damaged);

        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([path], dir["out"]), dir["p.yaml"]);

        var kept = ReadOutput(folder.OutputDir);
        Assert.Equal(Docs.Value.Count - 25, kept.Count);
        var expected = Docs.Value.Where((_, i) => i / 25 != 3).ToList();
        Assert.Equal(expected.Select(d => (d.Id, d.Text)), kept.Select(d => (d.Id, d.Text)));
        var q = Assert.Single(Quarantine(folder.QuarantineDir));
        Assert.Equal("corrupt_member", q["kind"]!.GetValue<string>());
        Assert.Equal(start, q["byte_start"]!.GetValue<long>());
        Assert.Equal(end, q["byte_end"]!.GetValue<long>());
        Assert.True(q["records_lost"]!.GetValue<long>() > 0); // an estimate: counted in the member's untrusted output
        Assert.Equal(76, q["line"]!.GetValue<long>());
        Assert.Equal(1, stats.FileErrors["corrupt_member"]);
        Assert.True(stats.Balanced);
    }

    [Fact]
    public void OneFlippedBitInASingleMemberGzipWithdrawsEveryRecordAndSaysHowMany()
    {
        using var dir = new TempDir();
        var input = CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlGzip);
        var damaged = (byte[])input.Bytes.Clone();
        damaged[damaged.Length / 3] ^= 0x01;
        string path = dir["input.jsonl.gz"];
        File.WriteAllBytes(path, damaged);

        var results = DocumentReader.ReadFile(path, new ReaderOptions { SpillDirectory = dir["spill"] }).ToList();

        Assert.DoesNotContain(results, r => r.Document != null);
        var q = Assert.Single(results).Quarantine!;
        Assert.Equal("corrupt_member", q.Kind);
        Assert.Equal(0, q.ByteStart);
        Assert.True(q.RecordsLost > 0, q.Error);
    }

    [Fact]
    public void OneFlippedBitInAMultiFrameZstdLosesOnlyItsFrame()
    {
        using var dir = new TempDir();
        var input = CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlZstd, linesPerUnit: 25);
        var (start, end) = input.Units[5];
        var damaged = (byte[])input.Bytes.Clone();
        damaged[(start + end) / 2] ^= 0x04;
        string path = dir["input.jsonl.zst"];
        File.WriteAllBytes(path, damaged);

        var results = DocumentReader.ReadFile(path, new ReaderOptions { SpillDirectory = dir["spill"] }).ToList();

        var kept = results.Where(r => r.Document != null).Select(r => r.Document!).ToList();
        var expected = Docs.Value.Where((_, i) => i / 25 != 5).ToList();
        Assert.Equal(expected.Select(d => (d.Id, d.Text)), kept.Select(d => (d.Id, d.Text)));
        var q = Assert.Single(results, r => r.Quarantine != null).Quarantine!;
        Assert.Equal("corrupt_frame", q.Kind);
        Assert.Equal((start, end), (q.ByteStart!.Value, q.ByteEnd!.Value));
    }

    [Fact]
    public void AFlippedByteInAChecksummedParquetRowGroupQuarantinesThatRowGroupOnly()
    {
        using var dir = new TempDir();
        var input = CorruptibleInput.Parquet(Docs.Value, rowsPerGroup: 40);
        var (start, end) = input.Units[2];
        var damaged = (byte[])input.Bytes.Clone();
        damaged[(start + end) / 2] ^= 0x20;
        string path = dir["input.parquet"];
        File.WriteAllBytes(path, damaged);

        var results = DocumentReader.ReadFile(path).ToList();

        var kept = results.Where(r => r.Document != null).Select(r => r.Document!).ToList();
        var expected = Docs.Value.Where((_, i) => i / 40 != 2).ToList();
        Assert.Equal(expected.Select(d => (d.Id, d.Text)), kept.Select(d => (d.Id, d.Text)));
        var q = Assert.Single(results, r => r.Quarantine != null).Quarantine!;
        Assert.Equal("corrupt_row_group", q.Kind);
        Assert.Equal(40, q.RecordsLost);
        Assert.Equal((start, end), (q.ByteStart!.Value, q.ByteEnd!.Value));
    }

    [Fact]
    public void AGzipMemberLargerThanTheMemoryLimitIsHeldOnDiskAndTheSpillFileIsRemoved()
    {
        using var dir = new TempDir();
        var docs = Enumerable.Range(0, 4).SelectMany(k => Docs.Value.Select(d => new Document($"{k}-{d.Id}", d.Text, d.Source))).ToList();
        var input = CorruptibleInput.Jsonl(docs, FileFormat.JsonlGzip);
        string path = dir["big.jsonl.gz"];
        File.WriteAllBytes(path, input.Bytes);
        string spill = dir["spill"];
        var options = new ReaderOptions { UnverifiedMemoryBytes = 1 << 20, SpillDirectory = spill };

        long spilled;
        var lines = new List<string>();
        using (var verified = CompressedStreams.DecompressVerified(CompressedStreams.OpenFile(path), FileFormat.JsonlGzip, options))
        {
            using var text = new StreamReader(verified);
            while (text.ReadLine() is { } line)
                lines.Add(line);
            spilled = verified.SpilledBytes;
            Assert.NotEmpty(Directory.GetFiles(spill));
        }

        Assert.Equal(docs.Count, lines.Count);
        Assert.True(spilled > 2 << 20, $"spilled {spilled} bytes");
        Assert.Equal(docs.Select(d => d.Id), lines.Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()));
        Assert.Empty(Directory.GetFiles(spill));
    }

    [Fact]
    public void ZstdFramesWithoutAChecksumAreReadAndReportedAsUnverifiable()
    {
        using var dir = new TempDir();
        string jsonl = dir["plain.jsonl"];
        RealDocuments.WriteJsonl(jsonl, Docs.Value.Take(50));
        string path = dir["unchecked.jsonl.zst"];
        using (var compressor = new ZstdSharp.Compressor(3)) // ZstdSharp writes no content checksum unless asked
            File.WriteAllBytes(path, compressor.Wrap(File.ReadAllBytes(jsonl)).ToArray());

        var results = DocumentReader.ReadFile(path, new ReaderOptions { SpillDirectory = dir["spill"] }).ToList();

        Assert.Equal(Docs.Value.Take(50).Select(d => d.Id), results.Where(r => r.Document != null).Select(r => r.Document!.Id));
        var q = Assert.Single(results, r => r.Quarantine != null).Quarantine!;
        Assert.Equal("unverifiable_frames", q.Kind);
        Assert.True(q.IsFileLevel);
    }

    [Fact]
    public void WithoutLibzstdTheManagedFallbackHoldsTheWholeFileUntilItsChecksumVerifies()
    {
        using var dir = new TempDir();
        var input = CorruptibleInput.Jsonl(Docs.Value, FileFormat.JsonlZstd);
        var damaged = (byte[])input.Bytes.Clone();
        damaged[damaged.Length / 2] ^= 0x08;

        string Read(byte[] bytes, out int corruptions)
        {
            var units = new WholeStreamDecompressor(new ZstdSharp.DecompressionStream(new MemoryStream(bytes)), bytes.Length, "zstd stream");
            using var verified = new VerifiedStream(units, 1 << 20, dir["spill"]);
            string text = new StreamReader(verified).ReadToEnd();
            corruptions = verified.Corruptions.Count;
            return text;
        }

        Assert.Equal(Docs.Value.Count, Read(input.Bytes, out int none).Count(c => c == '\n'));
        Assert.Equal(0, none);
        Assert.Equal("", Read(damaged, out int one));
        Assert.Equal(1, one);
    }

    private static List<Document> ReadOutput(string outputDir) =>
        Directory.GetFiles(outputDir).Order(StringComparer.Ordinal)
            .SelectMany(f => DocumentReader.ReadFile(f)).Select(r => r.Document!).ToList();

    private static List<JsonObject> Quarantine(string dir) =>
        Directory.Exists(dir)
            ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).SelectMany(File.ReadLines).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList()
            : [];
}
