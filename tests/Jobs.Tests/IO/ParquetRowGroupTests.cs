using System.Diagnostics;
using System.Text;
using Parquet;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests;

/// <summary>
/// Parquet output row groups close by size (<c>row_group_bytes</c>) as well as by count, so a run's memory is bounded
/// by bytes: a run completes under a GC heap limit smaller than its input for every output format. A failed write is
/// reported as itself, never replaced by an error of the writer's cleanup.
/// </summary>
public class ParquetRowGroupTests
{
    private static int RowGroups(string path)
    {
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        int count = reader.RowGroupCount;
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return count;
    }

    [Fact]
    public void RowGroupsCloseAtTheConfiguredSize()
    {
        using var dir = new TempDir();
        var docs = RealDocuments.Load("bbc_news_2225.jsonl.gz", 200);
        RealDocuments.WriteJsonl(dir["in.jsonl"], docs);
        long bytes = docs.Sum(d => Encoding.UTF8.GetByteCount(d.Text));
        var (stats, folder) = PipelineRunner.Run(
            PipelineRunner.Yaml([dir["in.jsonl"]], dir["out"], format: "parquet", extraOutput: "row_group_bytes: 50000"), dir["p.yaml"]);
        string file = Path.Combine(folder.OutputDir, "00000.parquet");
        Assert.Equal(200, stats.Kept);
        // 10,000 documents per row group by count alone: one group. By size: at least one per 50 KB of text.
        Assert.InRange(RowGroups(file), (int)(bytes / 50_000), 200);
        Assert.Equal(docs.Select(d => d.Text), DocumentReader.ReadFile(file).Select(r => r.Document!.Text));
    }

    [Fact]
    public void AFailedWriteLeavesNothingHalfWrittenForTheCleanupToTripOn()
    {
        using var dir = new TempDir();
        var writer = new ParquetDocumentWriter(dir["a.parquet"], rowGroupDocs: 2);
        writer.Write(new Document("a", "first", "s"));
        Assert.Throws<ArgumentNullException>(() => writer.Write(new Document("b", null!, "s")));
        writer.Write(new Document("c", "third", "s"));
        // Before: the failed document was half added to the column buffers, so finishing the file threw an error of
        // its own. Now nothing of it was buffered: the file holds exactly the documents written successfully.
        writer.Dispose();
        Assert.Equal(["first", "third"], DocumentReader.ReadFile(dir["a.parquet"]).Select(r => r.Document!.Text));
    }

    [Fact]
    public void AnAbortedWriterNeverThrows()
    {
        using var dir = new TempDir();
        var writer = new ParquetDocumentWriter(dir["a.parquet"]);
        writer.Write(new Document("a", "first", "s"));
        writer.Abort();
        writer.Abort();
    }

    [Fact]
    public void ARowGroupSizeOfZeroDocumentsIsAConfigError()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["in.jsonl"], "{\"text\":\"x\"}\n");
        var e = Assert.Throws<Pipelines.PipelineConfigException>(() =>
            PipelineRunner.Run(PipelineRunner.Yaml([dir["in.jsonl"]], dir["out"], format: "parquet", extraOutput: "row_group_docs: 0"), dir["p.yaml"]));
        Assert.Contains("row_group_docs", e.Message);
    }

    /// <summary>
    /// The 512 MiB heap / 1 GB input requirement at an eighth of the scale: a 96 MiB heap, 56 MB of 8 KB documents in
    /// one task, default settings. Before, Parquet row groups closed at 10,000 documents (here: never) or 64 Mi
    /// characters, so the whole input was buffered; now a row group holds at most 1/32 of the heap.
    /// </summary>
    [Theory]
    [InlineData("parquet")]
    [InlineData("jsonl")]
    [InlineData("jsonl.gz")]
    [InlineData("jsonl.zst")]
    public async Task AOneTaskRunLargerThanItsHeapCompletes(string format)
    {
        using var dir = new TempDir();
        var texts = RealDocuments.Load("bbc_news_2225.jsonl.gz").Select(d => d.Text).ToList();
        long written = 0;
        using (var w = new JsonlDocumentWriter(dir["in.jsonl"], FileFormat.Jsonl))
        {
            var text = new StringBuilder();
            for (int n = 0, next = 0; written < 56_000_000; n++)
            {
                text.Clear();
                while (text.Length < 8192)
                    text.Append(texts[next++ % texts.Count]).Append("\n\n");
                w.Write(new Document($"doc-{n}", text.ToString(), "bench"));
                written = w.TextBytes;
            }
        }
        File.WriteAllText(dir["p.yaml"], PipelineRunner.Yaml([dir["in.jsonl"]], dir["out"], format: format,
            extraInput: "split_bytes: 0"));
        var psi = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "yulandata.dll"), "run", dir["p.yaml"], "--workers", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x6000000";   // 96 MiB
        using var p = Process.Start(psi)!;
        var stderrRead = p.StandardError.ReadToEndAsync();
        string stdout = await p.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await p.WaitForExitAsync(timeout.Token);
        string stderr = await stderrRead;
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr[..Math.Min(2000, stderr.Length)]}");
        Assert.Contains("quarantined 0", stdout);
    }
}
