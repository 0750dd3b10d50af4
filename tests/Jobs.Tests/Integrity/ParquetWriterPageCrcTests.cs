using System.Text;
using Parquet;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>
/// Our Parquet writer stores a CRC-32 in every page header, so damage inside a page's values of our own files
/// (pipeline chaining, mix inputs) is caught when they are read back.
/// </summary>
public class ParquetWriterPageCrcTests
{
    private static readonly Lazy<List<Document>> Docs = new(() => CorruptibleInput.RealDocumentsWithIds(200));

    private static void Write(string path, CompressionMethod compression = CompressionMethod.Snappy, int rowsPerGroup = 40)
    {
        using var w = new ParquetDocumentWriter(path, rowGroupDocs: rowsPerGroup, compression: compression);
        foreach (var d in Docs.Value)
            w.Write(d);
    }

    [Theory]
    [InlineData(CompressionMethod.Snappy)]
    [InlineData(CompressionMethod.None)]
    [InlineData(CompressionMethod.Zstd)]
    public void EveryPageHeaderCarriesItsCrcAndTheFileReadsBackIdentical(CompressionMethod compression)
    {
        using var dir = new TempDir();
        string path = dir["out.parquet"];
        Write(path, compression);

        var (pages, withCrc) = ParquetPageChecksums.CountPageCrcs(path);
        Assert.True(pages >= 5 * 4, $"{pages} pages");
        Assert.Equal(pages, withCrc);
        Assert.Equal([path], Directory.GetFiles(dir.Path)); // the temporary file Parquet.Net wrote is gone
        var results = DocumentReader.ReadFile(path).ToList();
        Assert.All(results, r => Assert.Null(r.Quarantine));
        Assert.Equal(Docs.Value.Select(d => (d.Id, d.Text, d.Source, d.MetadataJson())),
            results.Select(r => (r.Document!.Id, r.Document.Text, r.Document.Source, r.Document.MetadataJson())));
    }

    [Fact]
    public void TheSameDocumentsGiveTheSameBytes()
    {
        using var dir = new TempDir();
        Write(dir["a.parquet"]);
        Write(dir["b.parquet"]);
        Assert.Equal(File.ReadAllBytes(dir["a.parquet"]), File.ReadAllBytes(dir["b.parquet"]));
    }

    [Fact]
    public void AnAbortedWriterLeavesNoFileBehind()
    {
        using var dir = new TempDir();
        var w = new ParquetDocumentWriter(dir["out.parquet"]);
        w.Write(Docs.Value[0]);
        w.Abort();
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    /// <summary>
    /// Uncompressed, so a changed letter inside a stored text stays valid UTF-8 and valid Parquet: without a page CRC
    /// the reader would keep the garbled document.
    /// </summary>
    [Fact]
    public void AChangedLetterInsideATextValueOfOurFileQuarantinesItsRowGroup()
    {
        using var dir = new TempDir();
        string path = dir["out.parquet"];
        Write(path, CompressionMethod.None);
        byte[] bytes = File.ReadAllBytes(path);
        var (victim, letter) = Enumerable.Range(80, 40) // row group 2 of 5
            .Select(d => (d, Letter(Docs.Value[d].Text))).First(c => c.Item2 >= 0);
        string text = Docs.Value[victim].Text;
        byte[] needle = Encoding.UTF8.GetBytes(text.Substring(letter - 30, 61));
        int at = bytes.AsSpan().IndexOf(needle);
        Assert.True(at > 0 && bytes.AsSpan(at + 1).IndexOf(needle) < 0, "the text's bytes appear once in the file");
        bytes[at + 30] ^= 0x20; // the letter's case
        File.WriteAllBytes(path, bytes);

        var results = DocumentReader.ReadFile(path).ToList();

        var kept = results.Where(r => r.Document != null).Select(r => r.Document!).ToList();
        Assert.DoesNotContain(kept, d => d.Id == Docs.Value[victim].Id);
        Assert.Equal(Docs.Value.Where((_, i) => i / 40 != 2).Select(d => (d.Id, d.Text)), kept.Select(d => (d.Id, d.Text)));
        var q = Assert.Single(results, r => r.Quarantine != null).Quarantine!;
        Assert.Equal("corrupt_row_group", q.Kind);
        Assert.Equal(40, q.RecordsLost);
        Assert.Contains("CRC", q.Error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An ASCII letter in the middle of 61 characters that occur once in the text; -1 if none.</summary>
    private static int Letter(string text) =>
        Enumerable.Range(30, Math.Max(0, text.Length - 61)).Where(i => char.IsAsciiLetter(text[i]) && IsUniqueAt(text, i))
            .DefaultIfEmpty(-1).First();

    private static bool IsUniqueAt(string text, int i) =>
        i >= 30 && i + 31 <= text.Length && text.IndexOf(text.Substring(i - 30, 61), StringComparison.Ordinal) == i - 30;
}
